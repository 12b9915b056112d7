// POST /connector-plugins/transforms/preview: run sample records through a transform chain and
// return each record after every step (the Herder runs it: src/runtime/chainPreview.ts and docs/transforms.md).
//
// Body: {"config": {"transforms": "…", "transforms.x.type": "…", …}, "records": [{topic, key, value, headers, …}]}
// 200: {"results": [[{"step": "input", "record": {…}}, {"step": "x", "record": {…}}, …], …]}
// 400: {"error_code": 400, "message": "…"} for a bad config (naming the alias and key) or a bad body.

import type { FastifyPluginAsync } from 'fastify';
import { ConfigException } from '../../data/errors.js';
import type { Herder, SampleRecord } from '../../herder/Herder.js';

export interface TransformsResourceOptions {
  herder: Herder;
}

const BODY_SCHEMA = {
  type: 'object',
  required: ['config', 'records'],
  properties: {
    config: {
      type: 'object',
      additionalProperties: { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'null' }] },
    },
    records: { type: 'array', items: { type: 'object' } },
  },
} as const;

/** Connector configs are strings; numbers and booleans are accepted as their text, as Kafka's REST API does. */
function stringConfig(config: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) if (v !== null && v !== undefined) out[k] = String(v);
  return out;
}

export function transformsResource(opts: TransformsResourceOptions): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Body: { config: Record<string, unknown>; records: SampleRecord[] } }>(
      '/connector-plugins/transforms/preview',
      {
        schema: { body: BODY_SCHEMA },
        attachValidation: true,
      },
      async (req, reply) => {
        if (req.validationError) {
          return reply.status(400).send({ error_code: 400, message: `Invalid request body: ${req.validationError.message}` });
        }
        try {
          return { results: await opts.herder.previewTransforms(stringConfig(req.body.config), req.body.records) };
        } catch (err) {
          if (err instanceof ConfigException) return reply.status(400).send({ error_code: 400, message: err.message });
          throw err;
        }
      },
    );
  };
}
