// GET /connectors/{name}/dlq?limit=20 (ours): the newest records of a connector's dead-letter queue
// with their error headers, read from Kafka by the worker answering. Shaped like Connect's other
// per-connector reads; documented in docs/operations.md.

import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { ok, route } from '../handler.js';
import { withQuery, type QueryParam } from '../query.js';
import type { RestContext } from '../server.js';

type Req = FastifyRequest<{ Params: { name: string }; Querystring: { limit?: string } }>;

const MAX_LIMIT = 500;
const DEFAULT_LIMIT = 20;

/** 1 to MAX_LIMIT (500), leading zeros allowed, given once. */
const LIMIT: QueryParam = {
  schema: { type: 'string', pattern: '^0*(?:[1-9]\\d?|[1-4]\\d\\d|500)$' },
  refused: (name, value) => `${name} must be a whole number from 1 to ${MAX_LIMIT}, not ${String(value)}`,
};

export function deadLetterQueueResource(ctx: RestContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/connectors/:name/dlq', withQuery({ limit: LIMIT }), route(ctx, async (req: Req) => {
      const limit = req.query.limit === undefined ? DEFAULT_LIMIT : Number(req.query.limit);
      return ok(await ctx.herder.deadLetterQueueRecords(req.params.name, limit));
    }));
  };
}
