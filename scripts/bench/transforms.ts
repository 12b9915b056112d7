// Benchmark: records/s of a five-transform chain (InsertField, ReplaceField, Cast, TimestampRouter,
// Filter gated by TopicNameMatches) over 1,000,000 in-memory source records, schemaless and with
// schemas, on one core. The chain is built from connector properties exactly as the worker builds it.
// Each mode runs in its own process: a warm-up pass, then the best of three timed passes. Reported:
// records per wall-clock second, and per CPU second of the process (the same on an idle machine; on a
// busy one the CPU figure is the fairer measure of one core).
//
//   npx tsc -p . && node dist/scripts/bench/transforms.js [--records N] [--mode schemaless|schema|both] [--json]

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { plugins as predicates } from '../../predicates/index.js';
import { plugins as transforms } from '../../transforms/index.js';
import { buildTransformationChain } from '../../src/runtime/chainFactory.js';
import type { TransformationChain } from '../../src/runtime/TransformationChain.js';
import { PluginRegistry } from '../../src/plugins/PluginRegistry.js';
import { Schema } from '../../src/data/Schema.js';
import { SchemaBuilder } from '../../src/data/SchemaBuilder.js';
import { SourceRecord } from '../../src/data/SourceRecord.js';
import { Struct } from '../../src/data/Struct.js';

const CHAIN: Record<string, string> = {
  transforms: 'insert,replace,cast,route,dropAudit',
  'transforms.insert.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
  'transforms.insert.static.field': 'source',
  'transforms.insert.static.value': 'bench',
  'transforms.insert.topic.field': 'topic',
  'transforms.replace.type': 'org.apache.kafka.connect.transforms.ReplaceField$Value',
  'transforms.replace.exclude': 'internal',
  'transforms.replace.renames': 'qty:quantity',
  'transforms.cast.type': 'org.apache.kafka.connect.transforms.Cast$Value',
  'transforms.cast.spec': 'price:float64,id:string',
  'transforms.route.type': 'org.apache.kafka.connect.transforms.TimestampRouter',
  'transforms.route.topic.format': '${topic}-${timestamp}',
  'transforms.route.timestamp.format': 'yyyyMMdd',
  'transforms.dropAudit.type': 'org.apache.kafka.connect.transforms.Filter',
  'transforms.dropAudit.predicate': 'isAudit',
  predicates: 'isAudit',
  'predicates.isAudit.type': 'org.apache.kafka.connect.transforms.predicates.TopicNameMatches',
  'predicates.isAudit.pattern': 'audit-.*',
};

const VALUE_SCHEMA = SchemaBuilder.struct().name('bench.Order')
  .field('id', Schema.INT64_SCHEMA)
  .field('name', Schema.STRING_SCHEMA)
  .field('price', Schema.STRING_SCHEMA)
  .field('qty', Schema.INT32_SCHEMA)
  .field('internal', Schema.OPTIONAL_STRING_SCHEMA)
  .build();

const POOL = 10_000;
const DAY = 86_400_000;

/** A pool of distinct records (10% on the audit topic, which the chain drops), cycled to reach N. */
function makePool(withSchema: boolean): SourceRecord[] {
  const out: SourceRecord[] = [];
  for (let i = 0; i < POOL; i++) {
    const topic = i % 10 === 0 ? 'audit' : 'orders';
    const fields = { id: i, name: `item-${i}`, price: `${(i % 1000) / 4}`, qty: i % 50, internal: 'x' };
    let value: unknown = fields;
    if (withSchema) {
      const s = new Struct(VALUE_SCHEMA);
      for (const [k, v] of Object.entries(fields)) s.put(k, v);
      value = s;
    }
    out.push(new SourceRecord({
      sourcePartition: null, sourceOffset: null, topic, kafkaPartition: 0,
      valueSchema: withSchema ? VALUE_SCHEMA : null, value, timestamp: 1_700_000_000_000 + (i % 3) * DAY,
    }));
  }
  return out;
}

/** Wall-clock and CPU time (user + system, all of the process's threads) of n records through the chain. */
function run(chain: TransformationChain<SourceRecord>, pool: SourceRecord[], n: number): { kept: number; ms: number; cpuMs: number } {
  let kept = 0;
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    if (chain.apply(pool[i % POOL]!) !== null) kept++;
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  return { kept, ms, cpuMs: (used.user + used.system) / 1000 };
}

interface Result {
  /** Records per second of wall-clock time. */
  recordsPerSecond: number;
  /** Records per second of CPU time: what one core does when nothing else competes for it. */
  recordsPerCpuSecond: number;
  ms: number;
  kept: number;
}

function measure(mode: 'schemaless' | 'schema', n: number): Result {
  const registry = new PluginRegistry();
  for (const def of [...transforms, ...predicates]) registry.register(def, 'builtin');
  const chain = buildTransformationChain<SourceRecord>(CHAIN, registry);
  const pool = makePool(mode === 'schema');
  run(chain, pool, Math.min(n, 200_000)); // warm-up
  // Best of three timed passes: the machine's other load only ever slows a pass down.
  let best = run(chain, pool, n);
  for (let i = 0; i < 2; i++) {
    const r = run(chain, pool, n);
    if (r.ms < best.ms) best = r;
  }
  chain.close();
  return {
    recordsPerSecond: Math.round(n / (best.ms / 1000)),
    recordsPerCpuSecond: Math.round(n / (best.cpuMs / 1000)),
    ms: Math.round(best.ms),
    kept: best.kept,
  };
}

function main(): void {
  const { values } = parseArgs({
    options: {
      records: { type: 'string', default: '1000000' },
      mode: { type: 'string', default: 'both' },
      json: { type: 'boolean', default: false },
    },
  });
  const n = Number(values.records);
  const mode = values.mode;
  if (mode === 'schemaless' || mode === 'schema') {
    const result = measure(mode, n);
    if (values.json) console.log(JSON.stringify(result));
    else console.log(`${mode}: ${result.recordsPerSecond} records/s, ${result.recordsPerCpuSecond} per CPU second (${result.ms} ms, ${result.kept} kept)`);
    return;
  }
  // Each mode in a fresh process, so one mode's type feedback does not slow the other.
  const results: Record<string, Result> = {};
  for (const m of ['schemaless', 'schema']) {
    const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--mode', m, '--records', String(n), '--json'],
      { encoding: 'utf8' });
    results[m] = JSON.parse(out) as Result;
  }
  if (values.json) {
    console.log(JSON.stringify({ records: n, chain: CHAIN['transforms'], results }));
    return;
  }
  console.log(`Transform chain (${CHAIN['transforms']}) over ${n.toLocaleString('en-US')} in-memory records, one core, Node ${process.version}`);
  for (const [m, r] of Object.entries(results)) {
    console.log(`  ${m.padEnd(10)} ${r.recordsPerSecond.toLocaleString('en-US').padStart(11)} records/s  `
      + `${r.recordsPerCpuSecond.toLocaleString('en-US').padStart(11)} records/CPU-s  (${r.ms} ms, ${r.kept.toLocaleString('en-US')} kept)`);
  }
}

main();
