// GET /metrics (Prometheus text): on the REST listeners, and on admin.listeners when set.

import type { FastifyPluginAsync } from 'fastify';
import { METRICS_CONTENT_TYPE, metricsExporter } from '../metrics.js';
import type { RestContext } from '../server.js';

export function metricsResource(ctx: RestContext): FastifyPluginAsync {
  const exporter = metricsExporter(ctx.herder, ctx.version, ctx.commit);
  return async (app) => {
    app.get('/metrics', async (_req, reply) => reply.type(METRICS_CONTENT_TYPE).send(await exporter.scrape()));
  };
}
