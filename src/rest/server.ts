import Fastify, { type FastifyInstance } from 'fastify';
import type { StandaloneHerder } from '../herder/StandaloneHerder.js';
import { namedLogger } from '../runtime/logger.js';
import { toErrorBody } from './errors.js';
import { rootResource } from './resources/root.js';
import { connectorsResource } from './resources/connectors.js';

export interface RestServerOptions {
  herder: StandaloneHerder;
  version: string;
  commit: string;
  kafkaClusterId: () => string | null;
}

const log = namedLogger('kconnect.rest');

/** Kafka Connect's REST API. Every error leaves as `{error_code, message}`; no request can crash the worker. */
export function createRestServer(opts: RestServerOptions): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  app.setErrorHandler((err, req, reply) => {
    const { status, body } = toErrorBody(err);
    if (status >= 500) log.error({ err, method: req.method, url: req.url }, 'REST request failed');
    else log.debug({ method: req.method, url: req.url, status, message: body.message }, 'REST request rejected');
    void reply.status(status).send(body);
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.status(404).send({ error_code: 404, message: `HTTP 404 Not Found: ${req.method} ${req.url}` });
  });
  app.register(rootResource(opts));
  app.register(connectorsResource(opts));
  return app;
}

/** `listeners=http://host:port,…` → host/port pairs; an empty host means every interface. */
export function parseListeners(listeners: string): Array<{ protocol: string; host: string; port: number }> {
  return listeners
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const m = /^(https?):\/\/(\[[^\]]*\]|[^:/]*)(?::(\d+))?\/?$/i.exec(l);
      if (!m) throw new Error(`Invalid value ${l} for configuration listeners: must be like http://host:port`);
      const host = m[2]!.replace(/^\[|\]$/g, '');
      return { protocol: m[1]!.toLowerCase(), host: host === '' ? '0.0.0.0' : host, port: m[3] ? Number(m[3]) : 8083 };
    });
}
