import type { FastifyPluginAsync } from 'fastify';
import type { RestServerOptions } from '../server.js';

export function rootResource(opts: RestServerOptions): FastifyPluginAsync {
  return async (app) => {
    app.get('/', async () => ({ version: opts.version, commit: opts.commit, kafka_cluster_id: opts.kafkaClusterId() }));
    app.get('/health', async () => ({ status: 'healthy', message: 'Worker has completed startup and is ready to handle requests.' }));
  };
}
