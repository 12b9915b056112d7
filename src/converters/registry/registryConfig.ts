// Confluent's serializer/converter settings shared by the three registry converters, turned once at
// configure() (after their ConfigDef parsed them) into a plain value (the converter runs inside a task; nothing here is shared).

import { readFileSync } from 'node:fs';
import type https from 'node:https';
import { ConfigException } from '../../data/errors.js';
import { Password } from '../../api/ConfigDef.js';
import { basicAuth, type RegistryClientOptions } from './SchemaRegistryClient.js';
import { subjectNameStrategy, type SubjectNameStrategy } from './subjectNames.js';

export interface RegistryConverterConfig {
  client: RegistryClientOptions;
  autoRegisterSchemas: boolean;
  useLatestVersion: boolean;
  latestCompatibilityStrict: boolean;
  normalizeSchemas: boolean;
  subjectNameStrategy: SubjectNameStrategy;
  /** Connect↔registry schema cache size (schemas.cache.config). */
  cacheSize: number;
}

/** Typed values of one converter's settings, as its ConfigDef parsed them. */
type Parsed = Record<string, unknown>;

const str = (c: Parsed, key: string): string => (c[key] == null ? '' : String(c[key]));
const secret = (c: Parsed, key: string): string => {
  const v = c[key];
  return v instanceof Password ? v.value() : v == null ? '' : String(v);
};

/**
 * The registry settings from values parsed by the converter's ConfigDef (registryConfigDefs.ts:
 * types, defaults, URL and strategy checks live there). `raw` is what the user gave, for the keys
 * whose mere presence matters (bearer.auth.credentials.source) and for request.header.*.
 */
export function readRegistryConfig(c: Parsed, raw: Record<string, unknown>, isKey: boolean): RegistryConverterConfig {
  const urls = (c['schema.registry.url'] as string[]).map((u) => u.trim()).filter(Boolean);
  const strategyKey = isKey ? 'key.subject.name.strategy' : 'value.subject.name.strategy';
  const client: RegistryClientOptions = {
    urls,
    connectTimeoutMs: c['http.connect.timeout.ms'] as number,
    readTimeoutMs: c['http.read.timeout.ms'] as number,
  };
  const authorization = authorizationHeader(c, raw);
  if (authorization) client.authorization = authorization;
  const tls = tlsOptions(c);
  if (tls) client.tls = tls;
  const headers = requestHeaders(raw);
  if (headers) client.headers = headers;
  return {
    client,
    autoRegisterSchemas: c['auto.register.schemas'] as boolean,
    useLatestVersion: c['use.latest.version'] as boolean,
    latestCompatibilityStrict: c['latest.compatibility.strict'] as boolean,
    normalizeSchemas: c['normalize.schemas'] as boolean,
    subjectNameStrategy: subjectNameStrategy(strategyKey, c[strategyKey] as string),
    cacheSize: Math.max(1, c['schemas.cache.config'] as number),
  };
}

/**
 * basic.auth.credentials.source (URL | USER_INFO | SASL_INHERIT) and bearer.auth.credentials.source
 * (STATIC_TOKEN). As Confluent's client, bearer auth applies only when its source key is set at all.
 */
function authorizationHeader(c: Parsed, raw: Record<string, unknown>): string | undefined {
  if (raw['bearer.auth.credentials.source'] != null) {
    const token = secret(c, 'bearer.auth.token');
    if (!token) throw new ConfigException('bearer.auth.token', '[hidden]', 'is required with bearer.auth.credentials.source=STATIC_TOKEN');
    return `Bearer ${token}`;
  }
  const source = str(c, 'basic.auth.credentials.source').toUpperCase();
  switch (source) {
    case 'USER_INFO': {
      const info = secret(c, 'basic.auth.user.info') || secret(c, 'schema.registry.basic.auth.user.info');
      if (!info.includes(':')) {
        throw new ConfigException('basic.auth.user.info', '[hidden]', 'must be <username>:<password> with basic.auth.credentials.source=USER_INFO');
      }
      return basicAuth(info);
    }
    case 'SASL_INHERIT': {
      const jaas = secret(c, 'sasl.jaas.config') || (typeof raw['sasl.jaas.config'] === 'string' ? raw['sasl.jaas.config'] : '');
      const user = /username="([^"]*)"/.exec(jaas)?.[1];
      const pass = /password="([^"]*)"/.exec(jaas)?.[1];
      if (user === undefined || pass === undefined) {
        throw new ConfigException('sasl.jaas.config', '[hidden]', 'needs username="…" and password="…" with basic.auth.credentials.source=SASL_INHERIT');
      }
      return basicAuth(`${user}:${pass}`);
    }
    default:
      // URL: credentials in the URL (http://user:pass@host) are sent per request by the client.
      return undefined;
  }
}

/**
 * TLS to the registry (schema.registry.ssl.*). Node reads PEM and PKCS12, not Java's JKS: a JKS store
 * is refused with a message saying so.
 */
function tlsOptions(c: Parsed): https.AgentOptions | undefined {
  const p = 'schema.registry.ssl.';
  const out: https.AgentOptions = {};
  let any = false;
  const trustType = str(c, `${p}truststore.type`).toUpperCase();
  const trustLocation = str(c, `${p}truststore.location`);
  const trustCerts = secret(c, `${p}truststore.certificates`);
  if (trustCerts) {
    out.ca = trustCerts;
    any = true;
  } else if (trustLocation) {
    if (trustType === 'PEM') out.ca = readStore(`${p}truststore.location`, trustLocation).toString('utf8');
    else if (trustType === 'PKCS12') {
      // Node takes CA certificates from PEM only; a PKCS12 trust store must be converted.
      throw new ConfigException(`${p}truststore.type`, trustType, 'use a PEM trust store (schema.registry.ssl.truststore.type=PEM) with kconnect');
    } else throw new ConfigException(`${p}truststore.type`, trustType, 'JKS stores cannot be read by Node.js; use PEM');
    any = true;
  }
  const keyType = str(c, `${p}keystore.type`).toUpperCase();
  const keyLocation = str(c, `${p}keystore.location`);
  const keyPassword = secret(c, `${p}keystore.password`) || secret(c, `${p}key.password`);
  const chain = secret(c, `${p}keystore.certificate.chain`);
  const key = secret(c, `${p}keystore.key`);
  if (chain && key) {
    out.cert = chain;
    out.key = key;
    if (keyPassword) out.passphrase = keyPassword;
    any = true;
  } else if (keyLocation) {
    const data = readStore(`${p}keystore.location`, keyLocation);
    if (keyType === 'PKCS12') out.pfx = data;
    else if (keyType === 'PEM') {
      out.cert = data;
      out.key = data;
    } else throw new ConfigException(`${p}keystore.type`, keyType, 'JKS stores cannot be read by Node.js; use PKCS12 or PEM');
    if (keyPassword) out.passphrase = keyPassword;
    any = true;
  }
  if (str(c, `${p}endpoint.identification.algorithm`) === '') {
    out.checkServerIdentity = () => undefined;
    any = true;
  }
  return any ? out : undefined;
}

function readStore(key: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new ConfigException(key, path, `cannot be read: ${(err as Error).message}`);
  }
}

/** request.header.<name>=value: extra headers on every registry request. */
function requestHeaders(raw: Record<string, unknown>): Record<string, string> | undefined {
  let out: Record<string, string> | undefined;
  for (const [k, v] of Object.entries(raw)) {
    if (k.startsWith('request.header.') && typeof v === 'string') (out ??= {})[k.slice('request.header.'.length)] = v;
  }
  return out;
}
