// Endpoints only workers call on each other (Kafka's InternalConnectResource), registered when the
// herder implements them (distributed mode).

import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { noContent, route } from '../handler.js';
import { TASK_CONFIGS, stringConfig } from '../schemas.js';
import type { RestContext } from '../server.js';

type TaskConfigs = FastifyRequest<{ Params: { name: string }; Body: Record<string, unknown>[] }>;
type Named = FastifyRequest<{ Params: { name: string } }>;

function signature(req: FastifyRequest): unknown {
  const key = req.headers['x-connect-authorization'];
  const algorithm = req.headers['x-connect-request-signature-algorithm'];
  return typeof key === 'string' ? { signature: key, algorithm, body: req.body } : undefined;
}

export function internalResource(ctx: RestContext): FastifyPluginAsync {
  const { herder } = ctx;
  return async (app) => {
    const putTaskConfigs = herder.putTaskConfigs?.bind(herder);
    if (putTaskConfigs) {
      app.post('/connectors/:name/tasks', { schema: { body: TASK_CONFIGS } }, route(ctx, async (req: TaskConfigs) => {
        await putTaskConfigs(req.params.name, req.body.map((c) => stringConfig(c)), signature(req));
        return noContent();
      }));
    }
    const fence = herder.fenceZombieSourceTasks?.bind(herder);
    if (fence) {
      app.put('/connectors/:name/fence', route(ctx, async (req: Named) => {
        await fence(req.params.name, signature(req));
        return noContent();
      }));
    }
  };
}
