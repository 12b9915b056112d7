// Connections to PostgreSQL: the JDBC / libpq URL forms users already have in their Confluent JDBC
// connector configs, connecting with connection.attempts / connection.backoff.ms, and telling a
// lost connection (retriable) from a statement the database rejected.

import type pg from 'pg';
import { ConnectException } from 'kconnect';

/** What a config must say about the database: the URL and the optional user and password. */
export interface ConnectionSettings {
  url: string;
  user: string | null;
  password: string | null;
  /** Session TimeZone: the zone timestamps without time zone are read and written in. */
  timeZone: string;
  attempts: number;
  backoffMs: number;
}

const JDBC_PREFIX = /^jdbc:postgresql:/i;
const URI_PREFIX = /^postgres(?:ql)?:\/\//i;

/** True for `jdbc:postgresql:…` and `postgresql://…` / `postgres://…` URLs. */
export function isPostgresUrl(url: string): boolean {
  return JDBC_PREFIX.test(url) || URI_PREFIX.test(url);
}

/** Why `url` is not one we can use, or undefined when it is fine. */
export function describeUrlProblem(url: string): string | undefined {
  if (!isPostgresUrl(url)) {
    return 'kconnect\'s JDBC connectors write to and read from PostgreSQL only: use a '
      + 'jdbc:postgresql://host:port/database or postgresql://user@host:port/database URL';
  }
  try {
    parseConnectionUrl(url);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  return undefined;
}

/**
 * Client settings from a URL: `jdbc:postgresql://host[:port][/db][?user=&password=&ssl=&sslmode=
 * &ApplicationName=&currentSchema=&connectTimeout=&options=]`, `jdbc:postgresql:db`,
 * `jdbc:postgresql:/` and the libpq form `postgresql://[user[:password]@]host[:port][/db][?…]`.
 */
export function parseConnectionUrl(url: string): pg.ClientConfig {
  let rest: string;
  if (JDBC_PREFIX.test(url)) {
    rest = url.replace(JDBC_PREFIX, '');
    if (!rest.startsWith('//')) {
      // jdbc:postgresql:database or jdbc:postgresql:/ : localhost:5432
      const q = rest.indexOf('?');
      const db = (q === -1 ? rest : rest.slice(0, q)).replace(/^\//, '');
      rest = `//localhost${db ? `/${db}` : '/'}${q === -1 ? '' : rest.slice(q)}`;
    }
  } else if (URI_PREFIX.test(url)) {
    rest = url.replace(/^postgres(?:ql)?:/i, '');
  } else {
    throw new Error(`Not a PostgreSQL URL: ${redactUrl(url)}`);
  }
  const authority = rest.slice(2).split(/[/?]/, 1)[0] ?? '';
  if (authority.replace(/\[[^\]]*\]/g, '').includes(',')) {
    throw new Error('Several hosts in one URL are not supported: give one host');
  }
  let parsed: URL;
  try {
    parsed = new URL(`postgresql:${rest}`);
  } catch {
    throw new Error(`Malformed PostgreSQL URL: ${redactUrl(url)}`);
  }
  const cfg: pg.ClientConfig = {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1') || 'localhost',
    port: parsed.port ? Number(parsed.port) : 5432,
  };
  const db = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (db) cfg.database = db;
  if (parsed.username) cfg.user = decodeURIComponent(parsed.username);
  if (parsed.password) cfg.password = decodeURIComponent(parsed.password);
  const options: string[] = [];
  for (const [rawKey, value] of parsed.searchParams) {
    const key = rawKey.toLowerCase();
    switch (key) {
      case 'user':
        cfg.user = value;
        break;
      case 'password':
        cfg.password = value;
        break;
      case 'ssl':
        if (value === '' || value === 'true') cfg.ssl = { rejectUnauthorized: false };
        break;
      case 'sslmode':
        if (value === 'require' || value === 'prefer' || value === 'allow') cfg.ssl = { rejectUnauthorized: false };
        else if (value === 'verify-ca' || value === 'verify-full') cfg.ssl = { rejectUnauthorized: true };
        else if (value === 'disable') cfg.ssl = false;
        break;
      case 'applicationname':
      case 'application_name':
        cfg.application_name = value;
        break;
      case 'currentschema':
        options.push(`-c search_path=${value.replace(/[\s\\]/g, '\\$&')}`);
        break;
      case 'connecttimeout':
      case 'connect_timeout':
        if (/^\d+$/.test(value)) cfg.connectionTimeoutMillis = Number(value) * 1000;
        break;
      case 'options':
        options.push(value);
        break;
      default:
        // Driver tuning parameters (prepareThreshold, socketTimeout, reWriteBatchedInserts, …) mean
        // nothing to this client.
        break;
    }
  }
  if (options.length > 0) cfg.options = options.join(' ');
  return cfg;
}

/** The URL with any password in it replaced, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@/]*@/, '$1[hidden]@').replace(/(password=)[^&]*/gi, '$1[hidden]');
}

/** Client settings for the connector's connection.* keys (the URL wins, as with the JDBC driver). */
export function clientConfig(settings: ConnectionSettings): pg.ClientConfig {
  const cfg = parseConnectionUrl(settings.url);
  if (cfg.user === undefined && settings.user) cfg.user = settings.user;
  if (cfg.password === undefined && settings.password !== null) cfg.password = settings.password;
  // Session settings every conversion here relies on, sent with the startup packet.
  const session = `-c TimeZone=${settings.timeZone.replace(/[\s\\]/g, '\\$&')} -c DateStyle=ISO -c bytea_output=hex -c IntervalStyle=postgres`;
  cfg.options = cfg.options ? `${cfg.options} ${session}` : session;
  return cfg;
}

/**
 * Connects, trying `attempts` times `backoffMs` apart (Confluent's connection.attempts and
 * connection.backoff.ms). `stopped` ends the waiting early. The client's 'error' events (a server
 * going away while idle) are swallowed: the next query on it fails and is handled there.
 */
export async function connect(settings: ConnectionSettings, stopped: () => boolean = () => false): Promise<pg.Client> {
  const cfg = clientConfig(settings);
  const { Client } = await loadPg();
  let last: unknown;
  for (let attempt = 1; attempt <= Math.max(1, settings.attempts); attempt++) {
    const client = new Client(cfg);
    client.on('error', () => {});
    try {
      await client.connect();
      return client;
    } catch (e) {
      last = e;
      await client.end().catch(() => {});
      if (attempt >= settings.attempts || stopped()) break;
      await sleep(settings.backoffMs, stopped);
    }
  }
  throw new ConnectException(
    `Could not connect to ${redactUrl(settings.url)} after ${settings.attempts} attempt(s): ${errorMessage(last)}`,
    { cause: last },
  );
}

/**
 * pg, loaded by the first connection rather than with the plugin: the main thread imports every
 * built-in at start-up, and pg's modules cost about as much as the rest of them.
 */
async function loadPg(): Promise<typeof pg> {
  return (await import('pg')).default;
}

/** Resolves after `ms`, or soon after `stopped()` becomes true. */
export function sleep(ms: number, stopped: () => boolean = () => false): Promise<void> {
  return new Promise((resolve) => {
    const end = Date.now() + ms;
    const tick = (): void => {
      const left = end - Date.now();
      if (left <= 0 || stopped()) resolve();
      else setTimeout(tick, Math.min(left, 100));
    };
    tick();
  });
}

// SQLSTATE classes that mean the connection or the server, not the statement, is the trouble.
const RETRIABLE_STATES = new Set(['40001', '40P01', '55P03', '57P01', '57P02', '57P03', '53300', '53400', '58000', '58030']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * True when `e` means the connection was lost or the server is (temporarily) unable to serve,
 * so the same work may succeed later: network errors, SQLSTATE class 08, admin shutdown,
 * serialization failures and deadlocks, too many connections.
 */
export function isConnectionError(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (code.startsWith('08') || RETRIABLE_STATES.has(code) || NETWORK_CODES.has(code)) return true;
  }
  if (e instanceof ConnectException && e.message.startsWith('Could not connect')) return true;
  const msg = e.message;
  return /Connection terminated|Client has encountered a connection error|Client was closed|connection is closed|not queryable/i.test(msg);
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    const detail = (e as { detail?: unknown }).detail;
    let msg = e.message;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) msg += ` (SQLSTATE ${code})`;
    if (typeof detail === 'string' && detail) msg += `: ${detail}`;
    return msg;
  }
  return String(e);
}

/** Closes a client, ignoring errors. */
export async function closeQuietly(client: pg.Client | undefined): Promise<void> {
  if (client) await client.end().catch(() => {});
}
