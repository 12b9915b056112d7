// Who may call the REST API, composed from the worker's settings: Kafka Connect's basic-auth
// extension (users from the JAAS `KafkaConnect` entry's file), read-only users and what they see,
// and the audit log. One instance per worker, shared by all its listeners.

import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Herder } from '../../herder/Herder.js';
import { namedLogger } from '../../runtime/logger.js';
import { RestError } from '../errors.js';
import { auditRequest } from './audit.js';
import { basicCredentials, UsersFile } from './basicAuth.js';
import { connectUsersFile } from './jaas.js';
import { ConfigMasker } from './masking.js';
import { RestRoles } from './roles.js';

const log = namedLogger('kconnect.security');

export const BASIC_AUTH_EXTENSION = 'org.apache.kafka.connect.rest.basic.auth.extension.BasicAuthSecurityRestExtension';
const BASIC_AUTH_ALIASES = new Set([BASIC_AUTH_EXTENSION, 'BasicAuthSecurityRestExtension']);

/** JaasBasicAuthFilter's INTERNAL_REQUEST_MATCHERS: worker-to-worker calls, guarded by request signatures instead. */
const INTERNAL_REQUESTS: ReadonlyArray<{ method: string; path: RegExp }> = [
  { method: 'POST', path: /^\/?connectors\/[^/]+\/tasks\/?$/ },
  { method: 'PUT', path: /^\/?connectors\/[^/]+\/fence\/?$/ },
];

export function isInternalRequest(method: string, path: string): boolean {
  return INTERNAL_REQUESTS.some((m) => m.method === method && m.path.test(path));
}

function list(v: string | undefined): string[] {
  return (v ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

const users = new WeakMap<FastifyRequest, string>();

/** The authenticated user of a request (undefined without basic auth, or on internal requests). */
export function requestUser(req: FastifyRequest): string | undefined {
  return users.get(req);
}

export class RestSecurity {
  readonly roles: RestRoles;
  private readonly usersFile: UsersFile | undefined;
  private readonly maskedKeys: string[];

  /** Checks the set-up without starting anything: throws saying what is missing. */
  static validate(workerProps: Record<string, string>, jvmOptions: string | undefined = process.env['KAFKA_OPTS']): void {
    if (list(workerProps['rest.extension.classes']).some((e) => BASIC_AUTH_ALIASES.has(e))) {
      const { usersFile } = connectUsersFile(jvmOptions);
      UsersFile.check(usersFile);
    }
  }

  /** Throws saying what is wrong when the extension is configured without a usable JAAS set-up. */
  constructor(workerProps: Record<string, string>, jvmOptions: string | undefined = process.env['KAFKA_OPTS']) {
    const extensions = list(workerProps['rest.extension.classes']);
    for (const e of extensions) {
      if (!BASIC_AUTH_ALIASES.has(e)) log.warn({ extension: e }, 'REST extension class is not one kconnect provides; ignoring it');
    }
    if (extensions.some((e) => BASIC_AUTH_ALIASES.has(e))) {
      const { jaasFile, usersFile } = connectUsersFile(jvmOptions);
      this.usersFile = new UsersFile(usersFile);
      log.info({ jaasFile, usersFile }, 'REST basic authentication enabled');
    }
    this.roles = new RestRoles(list(workerProps['rest.readonly.users']));
    if (this.roles.hasReadOnlyUsers && !this.usersFile) {
      log.warn('rest.readonly.users is set but no REST authentication is configured, so no request has a user; set rest.extension.classes');
    }
    this.maskedKeys = list(workerProps['rest.config.masked.keys']);
  }

  /** Request ids: the caller's `X-Request-Id` (a forwarding worker sends its own), else a new one. */
  static requestId(header: string | string[] | undefined): string {
    const v = Array.isArray(header) ? header[0] : header;
    return v && /^[\w.:-]{1,128}$/.test(v) ? v : randomUUID();
  }

  /** Authentication, roles, masking and audit on one fastify app. */
  install(app: FastifyInstance, herder: Herder): void {
    const masker = new ConfigMasker(herder, this.maskedKeys);
    app.addHook('onRequest', async (req, reply) => {
      void reply.header('x-request-id', req.id);
      const path = req.url.split('?')[0]!;
      if (req.method === 'OPTIONS' || isInternalRequest(req.method, path)) return;
      const user = this.authenticate(req);
      if (user !== undefined) users.set(req, user);
      this.roles.check(user, req.method, path);
    });
    app.addHook('onSend', async (req, reply, payload) => {
      const user = users.get(req);
      if (!this.roles.isReadOnly(user) || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
      const route = req.routeOptions.url;
      if (!route) return payload;
      const masked = await masker.maskBody(route, (req.params ?? {}) as Record<string, string>, JSON.parse(payload) as unknown);
      return JSON.stringify(masked);
    });
    app.addHook('onResponse', async (req, reply) => auditRequest(req, reply, users.get(req)));
  }

  /** The user, or a 401; undefined when no authentication is configured. */
  private authenticate(req: FastifyRequest): string | undefined {
    if (!this.usersFile) return undefined;
    const header = req.headers['authorization'];
    const creds = basicCredentials(typeof header === 'string' ? header : undefined);
    if (!this.usersFile.authenticate(creds?.user, creds?.password)) {
      log.debug({ user: creds?.user ?? null, method: req.method, url: req.url.split('?')[0] }, 'Request failed authentication');
      throw new Unauthenticated();
    }
    return creds?.user;
  }
}

/** JaasBasicAuthFilter's 401, with the challenge browsers and curl need to ask for credentials. */
export class Unauthenticated extends RestError {
  readonly headers = { 'www-authenticate': 'Basic realm="Kafka Connect", charset="UTF-8"' };
  constructor() {
    super(401, 'User cannot access the resource.');
  }
}

