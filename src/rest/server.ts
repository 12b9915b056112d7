// Kafka Connect's REST API on fastify: one app per listener (http or https), the resources of
// src/rest/resources, one error handler answering `{error_code, message}`, CORS, and the
// advertised URL other workers and clients should use.

import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { TlsOptions } from 'node:tls';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Herder } from '../herder/Herder.js';
import { namedLogger } from '../runtime/logger.js';
import { installCors } from './cors.js';
import { RestError, clientErrorBody, frameworkErrorBody, toErrorBody } from './errors.js';
import { rawBodies, type HandlerOptions } from './handler.js';
import { advertisedUrl, httpsOptions, parseListeners, type Listener } from './listeners.js';
import { trackRoutes } from './methods.js';
import { RestSecurity } from './security/restSecurity.js';
import { connectorPluginsResource } from './resources/connectorPlugins.js';
import { connectorsResource } from './resources/connectors.js';
import { internalResource } from './resources/internal.js';
import { loggersResource } from './resources/loggers.js';
import { metricsResource } from './resources/metrics.js';
import { consoleResource } from './resources/console.js';
import { deadLetterQueueResource } from './resources/deadLetterQueue.js';
import { offsetsResource } from './resources/offsets.js';
import { rootResource } from './resources/root.js';
import { transformsResource } from './resources/transforms.js';

export { parseListeners } from './listeners.js';

export interface RestServerOptions {
  herder: Herder;
  version: string;
  commit: string;
  /**
   * The worker's properties: `listeners`, `admin.listeners`, `listeners.https.ssl.*` (or `ssl.*`),
   * `admin.listeners.https.ssl.*`, `rest.advertised.host.name|port|listener`,
   * `access.control.allow.origin|methods`, `topic.tracking.enable|allow.reset`.
   */
  workerProps?: Record<string, string>;
  /** Kafka's 90 s. */
  requestTimeoutMs?: number;
  /** Kafka's 10 s. */
  healthCheckTimeoutMs?: number;
  /** Largest accepted request body; 1 MiB. */
  bodyLimit?: number;
  /** Authentication, roles and audit; by default built from `workerProps` (and KAFKA_OPTS). */
  security?: RestSecurity;
}

/** What every resource module gets. */
export interface RestContext extends HandlerOptions {
  herder: Herder;
  version: string;
  commit: string;
  workerProps: Record<string, string>;
  healthCheckTimeoutMs: number;
}

const log = namedLogger('kconnect.rest');
const DEFAULT_BODY_LIMIT = 1024 * 1024;

function loadOpenApi(): unknown {
  try {
    return JSON.parse(readFileSync(new URL('../../../docs/openapi.json', import.meta.url), 'utf8'));
  } catch {
    return undefined;
  }
}

function context(opts: RestServerOptions, clientTls?: TlsOptions): RestContext {
  return {
    herder: opts.herder,
    version: opts.version,
    commit: opts.commit,
    workerProps: opts.workerProps ?? {},
    requestTimeoutMs: opts.requestTimeoutMs ?? 90_000,
    healthCheckTimeoutMs: opts.healthCheckTimeoutMs ?? 10_000,
    ...(clientTls ? { clientTls } : {}),
  };
}

export interface AppOptions {
  /** Serve everything but /admin (default true). */
  main?: boolean;
  /** Serve /admin/loggers (default true). */
  admin?: boolean;
  /** Serve TLS with these options. */
  https?: TlsOptions;
  clientTls?: TlsOptions;
}

/** One fastify app serving the API (or only its admin part). Every error leaves as `{error_code, message}`. */
export function createRestApp(opts: RestServerOptions, appOpts: AppOptions = {}): FastifyInstance {
  const ctx = context(opts, appOpts.clientTls);
  const security = opts.security ?? new RestSecurity(ctx.workerProps);
  const app = Fastify({
    logger: false,
    genReqId: (req) => RestSecurity.requestId(req.headers['x-request-id']),
    bodyLimit: opts.bodyLimit ?? DEFAULT_BODY_LIMIT,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2048 },
    // Bodies and query strings are checked as they are: no type coercion, no defaults, nothing
    // removed; `verbose` puts the refused value in each error, for the query messages (query.ts).
    ajv: { customOptions: { coerceTypes: false, useDefaults: false, removeAdditional: false, allErrors: false, verbose: true } },
    ...(appOpts.https ? { https: appOpts.https } : {}),
    // What is refused before a route runs answers in Connect's shape too.
    clientErrorHandler: (err: Error & { code?: string }, socket: import('node:net').Socket) => {
      const answer = clientErrorBody(err);
      if (!answer || socket.destroyed) return;
      log.debug({ code: err.code, status: answer.status }, 'Malformed HTTP request refused');
      if (socket.writable) {
        socket.write(
          `HTTP/1.1 ${answer.status} ${answer.reason}\r\nContent-Length: ${Buffer.byteLength(answer.body)}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${answer.body}`,
        );
      }
      socket.destroy();
    },
    frameworkErrors: (err, req, reply) => {
      const { status, body } = frameworkErrorBody(err as { code?: string }, req.url);
      void (reply as unknown as { code(n: number): { send(b: unknown): unknown } }).code(status).send(body);
    },
  }) as unknown as FastifyInstance;

  // JSON only (text/plain bodies are a 415); an empty body with a JSON content type is no body.
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = body as string;
    // The bytes as sent: internal requests are signed over them.
    rawBodies.set(req, text);
    if (text.trim() === '') return done(null, undefined);
    try {
      JSON.parse(text);
    } catch (err) {
      // Node quotes part of the text in its message; a body may hold secrets, so only the position goes out.
      const reason = (err as Error).message.replace(/,\s*(?:\.\.\.)?".*"(?:\.\.\.)?\s*is not valid JSON$/s, ' is not valid JSON');
      return done(new RestError(400, `Request body is not valid JSON: ${reason}`), undefined);
    }
    // fastify's parser again, for its prototype-poisoning checks.
    return json(req, text, done);
  });

  app.setErrorHandler((err, req, reply) => {
    const { status, body } = toErrorBody(err);
    if (status === 415) {
      body.message = `HTTP 415 Unsupported Media Type: ${String(req.headers['content-type'] ?? 'none')}; request bodies are JSON (Content-Type: application/json)`;
    }
    const headers = (err as { headers?: unknown }).headers;
    if (err instanceof RestError && headers && typeof headers === 'object') void reply.headers(headers as Record<string, string>);
    if (status >= 500) log.error({ err, method: req.method, url: req.url }, 'REST request failed');
    else log.debug({ method: req.method, url: req.url, status, message: body.message }, 'REST request rejected');
    void reply.status(status).send(body);
  });
  const routes = trackRoutes(app);
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0]!;
    const allowed = routes.allowed(path);
    if (allowed.length > 0 && !allowed.includes(req.method)) {
      void reply.status(405).header('allow', allowed.join(', ')).send({ error_code: 405, message: 'HTTP 405 Method Not Allowed' });
      return;
    }
    void reply.status(404).send({ error_code: 404, message: `HTTP 404 Not Found: ${req.method} ${path}` });
  });
  app.addHook('onResponse', async (req, reply) => {
    log.debug({ method: req.method, url: req.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'REST request');
  });
  installCors(app, ctx.workerProps);
  security.install(app, opts.herder);

  if (appOpts.main !== false) {
    app.register(rootResource(ctx));
    app.register(connectorsResource(ctx));
    app.register(offsetsResource(ctx));
    app.register(connectorPluginsResource(ctx));
    app.register(internalResource(ctx));
    app.register(consoleResource());
    app.register(deadLetterQueueResource(ctx));
    app.register(transformsResource({ herder: opts.herder }));
    const openapi = loadOpenApi();
    if (openapi) app.get('/openapi.json', async () => openapi);
  }
  if (appOpts.admin !== false) app.register(loggersResource(ctx));
  // Scrapers may be pointed at either listener; the admin one when the main one is public.
  app.register(metricsResource(ctx));
  return app;
}

interface Bound {
  listener: Listener;
  app: FastifyInstance;
  port: number;
  admin: boolean;
}

/**
 * The REST server of a worker: every `listeners` entry (http and https at once), plus
 * `admin.listeners` when set (`admin.listeners=` with no value disables /admin).
 */
export class RestServer {
  private readonly bound: Bound[] = [];
  private readonly workerProps: Record<string, string>;

  constructor(opts: RestServerOptions) {
    this.workerProps = opts.workerProps ?? {};
    this.opts = { ...opts, security: opts.security ?? new RestSecurity(this.workerProps) };
  }

  private readonly opts: RestServerOptions;

  /** Checks the listener settings without binding anything (throws with the offending key). */
  static validate(workerProps: Record<string, string>): void {
    RestSecurity.validate(workerProps);
    const listeners = parseListeners(workerProps['listeners'] ?? 'http://:8083');
    if (listeners.length === 0) throw new Error('Invalid value for configuration listeners: at least one listener is needed');
    if (listeners.some((l) => l.protocol === 'https')) httpsOptions(workerProps);
    const admin = workerProps['admin.listeners'];
    if (admin !== undefined && admin.trim() !== '') {
      const adminListeners = parseListeners(admin);
      if (adminListeners.some((l) => l.protocol === 'https')) httpsOptions(workerProps, 'admin.listeners.https.');
    }
    const advertised = workerProps['rest.advertised.listener']?.trim().toLowerCase();
    if (advertised && advertised !== 'http' && advertised !== 'https') {
      throw new Error(`Invalid value ${advertised} for configuration rest.advertised.listener: String must be one of: http, https`);
    }
  }

  async start(): Promise<void> {
    RestServer.validate(this.workerProps);
    const adminSetting = this.workerProps['admin.listeners'];
    const separateAdmin = adminSetting !== undefined;
    const clientTls = this.clientTls();
    const main = parseListeners(this.workerProps['listeners'] ?? 'http://:8083');
    const admin = separateAdmin ? parseListeners(adminSetting) : [];
    try {
      for (const l of main) await this.listen(l, { main: true, admin: !separateAdmin, clientTls }, 'listeners.https.', false);
      for (const l of admin) await this.listen(l, { main: false, admin: true, clientTls }, 'admin.listeners.https.', true);
    } catch (err) {
      await this.stop();
      throw err;
    }
    log.info({ listeners: this.urls(), advertisedUrl: this.advertisedUrl() }, 'REST server listening');
  }

  private clientTls(): TlsOptions | undefined {
    // Forwarded requests to https workers trust what this worker's listener trusts.
    try {
      const tls = httpsOptions(this.workerProps);
      return tls.ca ? { ca: tls.ca } : { rejectUnauthorized: false };
    } catch {
      return undefined;
    }
  }

  private async listen(listener: Listener, appOpts: AppOptions, tlsPrefix: string, isAdmin: boolean): Promise<void> {
    const https = listener.protocol === 'https' ? httpsOptions(this.workerProps, tlsPrefix) : undefined;
    const app = createRestApp(this.opts, { ...appOpts, ...(https ? { https } : {}) });
    await app.listen({ host: listener.host, port: listener.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : listener.port;
    this.bound.push({ listener, app, port, admin: isAdmin });
  }

  /** Where this worker listens, e.g. `http://127.0.0.1:8083`. */
  urls(): string[] {
    return this.bound.map((b) => {
      const host = b.listener.configuredHost || b.listener.host;
      return `${b.listener.protocol}://${host.includes(':') ? `[${host}]` : host}:${b.port}`;
    });
  }

  /** The URL other workers use to reach this one (`rest.advertised.*`), ending in `/`. */
  advertisedUrl(): string {
    return advertisedUrl(this.workerProps, this.bound.filter((b) => !b.admin), hostname());
  }

  async stop(): Promise<void> {
    const apps = this.bound.splice(0).map((b) => b.app);
    await Promise.all(apps.map((a) => a.close().catch((err: unknown) => log.warn({ err }, 'Error closing a REST listener'))));
  }
}
