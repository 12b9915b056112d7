import type { FastifyPluginAsync } from 'fastify';
import type { RestServerOptions } from '../server.js';

export function connectorsResource(opts: RestServerOptions): FastifyPluginAsync {
  const { herder } = opts;
  return async (app) => {
    app.get('/connectors', async () => herder.connectors());
    app.get<{ Params: { name: string } }>('/connectors/:name', async (req) => herder.connectorInfo(req.params.name));
    app.get<{ Params: { name: string } }>('/connectors/:name/status', async (req) => herder.connectorStatus(req.params.name));
  };
}
