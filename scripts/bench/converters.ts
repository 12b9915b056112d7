// Benchmark: a value converter alone on scenario 2's records (bench:compare): FileStreamSource lines
// through HoistField, InsertField and TimestampRouter, built from the same connector properties, then
// fromConnectData (the source task's side) and toConnectData (the sink task's side) in one process,
// without Kafka. AvroConverter asks the registry at SCHEMA_REGISTRY_URL once, before the timed passes.
// Each converter runs in its own process: a warm-up pass, then several timed passes, medians reported.
//
//   SCHEMA_REGISTRY_URL=http://… node dist/scripts/bench/converters.js [--records N] [--passes N] [--converter avro|json|all] [--json]

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ConversionPending, type Converter } from '../../src/api/Converter.js';
import { JsonConverter } from '../../src/converters/JsonConverter.js';
import { AvroConverter } from '../../src/converters/registry/AvroConverter.js';
import { Schema } from '../../src/data/Schema.js';
import { SourceRecord } from '../../src/data/SourceRecord.js';
import { PluginRegistry } from '../../src/plugins/PluginRegistry.js';
import { buildTransformationChain } from '../../src/runtime/chainFactory.js';
import { plugins as predicates } from '../../predicates/index.js';
import { plugins as transforms } from '../../transforms/index.js';
import { inputLine, TRANSFORM_CHAIN } from './lib.js';

const POOL = 10_000;

/** Scenario 2's records after its transform chain: a Struct {line, source}, routed to topic-yyyyMMdd. */
function makePool(): SourceRecord[] {
  const registry = new PluginRegistry();
  for (const def of [...transforms, ...predicates]) registry.register(def, 'builtin');
  const chain = buildTransformationChain<SourceRecord>(TRANSFORM_CHAIN, registry);
  const out: SourceRecord[] = [];
  for (let i = 0; i < POOL; i++) {
    const line = inputLine(i).slice(0, -1);
    const r = chain.apply(new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: 'bench', valueSchema: Schema.STRING_SCHEMA, value: line, timestamp: Date.now() }));
    out.push(r!);
  }
  chain.close();
  return out;
}

async function makeConverter(kind: string): Promise<Converter> {
  if (kind === 'json') {
    const c = new JsonConverter();
    c.configure({ 'schemas.enable': true }, false);
    return c;
  }
  const url = process.env.SCHEMA_REGISTRY_URL;
  if (!url) throw new Error('SCHEMA_REGISTRY_URL is not set');
  const c = new AvroConverter();
  c.configure({ 'schema.registry.url': url }, false);
  return c;
}

/** Runs `f`, awaiting the converter's registry loads (first record of a schema) and retrying. */
async function settled<T>(f: () => T): Promise<T> {
  for (;;) {
    try {
      return f();
    } catch (err) {
      if (!(err instanceof ConversionPending)) throw err;
      await err.load();
    }
  }
}

interface Pass { ms: number; cpuMs: number }

function timed(n: number, f: (i: number) => void): Pass {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) f(i);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000 };
}

interface Result {
  converter: string;
  /** Records per second of wall-clock time, median of the passes. */
  fromConnect: number;
  toConnect: number;
  /** Records per CPU second, median of the passes. */
  fromConnectCpu: number;
  toConnectCpu: number;
  valueBytes: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
};

async function measure(kind: string, n: number, passes: number): Promise<Result> {
  const pool = makePool();
  const conv = await makeConverter(kind);
  const bytes: Buffer[] = [];
  for (const r of pool) bytes.push((await settled(() => conv.fromConnectData(r.topic, r.headers, r.valueSchema, r.value)))!);
  await settled(() => conv.toConnectData(pool[0]!.topic, undefined, bytes[0]!));
  const from = (i: number) => {
    const r = pool[i % POOL]!;
    conv.fromConnectData(r.topic, r.headers, r.valueSchema, r.value);
  };
  const to = (i: number) => {
    conv.toConnectData(pool[0]!.topic, undefined, bytes[i % POOL]!);
  };
  timed(Math.min(n, 200_000), from); // warm-up
  timed(Math.min(n, 200_000), to);
  const fromPasses: Pass[] = [];
  const toPasses: Pass[] = [];
  for (let p = 0; p < passes; p++) {
    fromPasses.push(timed(n, from));
    toPasses.push(timed(n, to));
  }
  conv.close?.();
  const rate = (ps: Pass[], k: keyof Pass) => Math.round(median(ps.map((x) => n / (x[k] / 1000))));
  return {
    converter: kind,
    fromConnect: rate(fromPasses, 'ms'), toConnect: rate(toPasses, 'ms'),
    fromConnectCpu: rate(fromPasses, 'cpuMs'), toConnectCpu: rate(toPasses, 'cpuMs'),
    valueBytes: bytes[0]!.length,
  };
}

function line(r: Result): string {
  return `${r.converter}: fromConnectData ${r.fromConnect} records/s (${r.fromConnectCpu} per CPU s), `
    + `toConnectData ${r.toConnect} records/s (${r.toConnectCpu} per CPU s), ${r.valueBytes} value bytes`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      records: { type: 'string', default: '300000' },
      passes: { type: 'string', default: '5' },
      converter: { type: 'string', default: 'all' },
      json: { type: 'boolean', default: false },
    },
  });
  const n = Number(values.records);
  const passes = Number(values.passes);
  if (values.converter !== 'all') {
    const r = await measure(values.converter!, n, passes);
    console.log(values.json ? JSON.stringify(r) : line(r));
    return;
  }
  // Each converter in a fresh process, so one's type feedback does not slow the other.
  for (const kind of ['avro', 'json']) {
    const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--converter', kind, '--records', String(n), '--passes', String(passes), '--json'],
      { encoding: 'utf8' });
    console.log(line(JSON.parse(out) as Result));
  }
}

await main();
