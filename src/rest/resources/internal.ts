// Endpoints only workers call on each other (Kafka's InternalConnectResource), registered when the
// herder implements them (distributed mode).

import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { noContent, route } from '../handler.js';
import { requestSignature as signature } from '../security/internalSignature.js';
import { TASK_CONFIGS, stringConfig } from '../schemas.js';
import type { RestContext } from '../server.js';

type TaskConfigs = FastifyRequest<{ Params: { name: string }; Body: Record<string, unknown>[] }>;
type Named = FastifyRequest<{ Params: { name: string } }>;

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
