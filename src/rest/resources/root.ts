// GET / (ServerInfo) and GET /health (KIP-1017): Kafka Connect's RootResource.

import type { FastifyPluginAsync } from 'fastify';
import type { RestContext } from '../server.js';

const HEALTHY = 'Worker has completed startup and is ready to handle requests.';
const STARTING = 'Worker is still starting up.';
const UNHEALTHY = 'Worker was unable to handle this request and may be unable to handle other requests.';

export function rootResource(ctx: RestContext): FastifyPluginAsync {
  const { herder } = ctx;
  return async (app) => {
    app.get('/', async () => ({ version: ctx.version, commit: ctx.commit, kafka_cluster_id: herder.kafkaClusterId() }));

    app.get('/health', async (_req, reply) => {
      if (!herder.isReady()) return reply.status(503).send({ status: 'starting', message: STARTING });
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), ctx.healthCheckTimeoutMs);
      });
      try {
        const healthy = await Promise.race([herder.healthCheck().then(() => true as const), timedOut]);
        if (healthy) return reply.status(200).send({ status: 'healthy', message: HEALTHY });
        return herder.isReady()
          ? reply.status(500).send({ status: 'unhealthy', message: UNHEALTHY })
          : reply.status(503).send({ status: 'starting', message: STARTING });
      } finally {
        clearTimeout(timer);
      }
    });
  };
}
