// The schema registry the integration tests use: the one scripts/test.sh starts for the run
// (SCHEMA_REGISTRY_URL), and private ones a test may stop and start (scripts/registry.sh).

import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ConversionPending, type Converter } from '../../src/api/Converter.js';
import type { Schema } from '../../src/data/Schema.js';
import type { SchemaAndValue } from '../../src/data/SchemaAndValue.js';
import { requiredEnv } from './env.js';
import { freePort, getJson, type RunningWorker } from './worker.js';

const run = promisify(execFile);
const REGISTRY_SH = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..'), 'scripts', 'registry.sh');

/** The Confluent-compatible URL of the run's registry, from env SCHEMA_REGISTRY_URL. */
export function registryUrl(): string {
  return requiredEnv('SCHEMA_REGISTRY_URL', 'The schema registry tests need a real registry: run them with `npm test` '
    + '(scripts/test.sh starts one), or `bash scripts/registry.sh start --port 8081` and '
    + '`export SCHEMA_REGISTRY_URL=http://127.0.0.1:8081/apis/ccompat/v7`.').replace(/\/+$/, '');
}

/** One call to the registry's REST API; JSON in and out. */
export async function registryRequest(url: string, method: string, path: string, body?: unknown, auth?: string): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { 'Content-Type': 'application/vnd.schemaregistry.v1+json' };
  if (auth) headers.Authorization = 'Basic ' + Buffer.from(auth).toString('base64');
  const res = await fetch(url + path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export async function setCompatibility(url: string, subject: string, level: string, auth?: string): Promise<void> {
  const r = await registryRequest(url, 'PUT', `/config/${encodeURIComponent(subject)}`, { compatibility: level }, auth);
  if (r.status !== 200) throw new Error(`setting ${level} on ${subject}: ${r.status} ${JSON.stringify(r.body)}`);
}

export interface PrivateRegistry {
  url: string;
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops it and removes its data folder. */
  destroy(): Promise<void>;
}

/**
 * A registry of the test's own on free ports (it may be stopped and started without touching the
 * run's shared one). Its schemas live in its data folder, so they survive a stop and start.
 */
export async function privateRegistry(opts: { users?: Record<string, string> } = {}): Promise<PrivateRegistry> {
  const port = await freePort();
  let mgmt = await freePort();
  while (mgmt === port) mgmt = await freePort();
  const data = await mkdtemp(join(tmpdir(), 'kconnect-registry-'));
  const extra: string[] = [];
  if (opts.users) {
    extra.push('-Dquarkus.http.auth.basic=true', '-Dquarkus.security.users.embedded.enabled=true',
      '-Dquarkus.security.users.embedded.plain-text=true',
      '-Dquarkus.http.auth.permission.api.paths=/apis/*', '-Dquarkus.http.auth.permission.api.policy=authenticated');
    for (const [u, p] of Object.entries(opts.users)) extra.push(`-Dquarkus.security.users.embedded.users.${u}=${p}`);
  }
  const env = { ...process.env, REGISTRY_OPTS: extra.join(' '), REGISTRY_START_TIMEOUT: '180' };
  const args = ['--port', String(port), '--management-port', String(mgmt), '--data', data];
  const reg: PrivateRegistry = {
    url: `http://127.0.0.1:${port}/apis/ccompat/v7`,
    port,
    async start() {
      await run('bash', [REGISTRY_SH, 'start', ...args], { env });
    },
    async stop() {
      await run('bash', [REGISTRY_SH, 'stop', '--data', data], { env });
    },
    async destroy() {
      await reg.stop().catch(() => {});
      await rm(data, { recursive: true, force: true });
    },
  };
  await reg.start();
  return reg;
}

/** Runs a converter call, awaiting its registry lookups (what the task loops do) and calling again. */
export async function settled<T>(fn: () => T): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return fn();
    } catch (err) {
      if (!(err instanceof ConversionPending) || i > 4) throw err;
      await err.load();
    }
  }
}

export const write = (c: Converter, topic: string, schema: Schema | null, value: unknown): Promise<Buffer | null> =>
  settled(() => c.fromConnectData(topic, undefined, schema, value));

export const read = (c: Converter, topic: string, bytes: Buffer | null): Promise<SchemaAndValue> =>
  settled(() => c.toConnectData(topic, undefined, bytes));

// The file pipeline both registry test files run.

export const AVRO = 'io.confluent.connect.avro.AvroConverter';

/** FileStreamSource → HoistField → InsertField → converter → topic, and FileStreamSink back with the same converter. */
export function pipeline(name: string, dir: string, topic: string, converter: Record<string, string>, extra: Record<string, string> = {}) {
  const source = {
    name: `${name}-source`,
    'connector.class': 'FileStreamSource',
    file: join(dir, `${name}.in`),
    topic,
    transforms: 'Hoist,Insert',
    'transforms.Hoist.type': 'org.apache.kafka.connect.transforms.HoistField$Value',
    'transforms.Hoist.field': 'line',
    'transforms.Insert.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
    'transforms.Insert.static.field': 'origin',
    'transforms.Insert.static.value': name,
    ...converter,
    ...extra,
  };
  const sink = {
    name: `${name}-sink`,
    'connector.class': 'FileStreamSink',
    file: join(dir, `${name}.out`),
    topics: topic,
    ...converter,
    ...extra,
  };
  return { source, sink, input: source.file, output: sink.file };
}

export const avroWith = (url: string, more: Record<string, string> = {}): Record<string, string> => {
  const out: Record<string, string> = { 'value.converter': AVRO, 'value.converter.schema.registry.url': url };
  for (const [k, v] of Object.entries(more)) out[`value.converter.${k}`] = v;
  return out;
};

export async function taskState(worker: RunningWorker, connector: string): Promise<{ state: string; trace?: string } | undefined> {
  const res = await getJson(`${worker.restUrl}/connectors/${connector}/status`);
  return res.status === 200 ? res.body.tasks?.[0] : undefined;
}
