// kconnect side by side with Apache Kafka Connect of the broker's version, in standalone mode, on one
// broker, the same input and the same properties files (docs/BENCHMARKS.md):
//   1. FileStreamSource → topic → FileStreamSink, BENCH_LINES lines of ~100 bytes, JsonConverter with schemas;
//   2. the same with HoistField$Value, InsertField$Value (static) and TimestampRouter on the source;
//   3. a PostgreSQL table → topic with a JdbcSourceConnector config (kconnect only: Confluent's JDBC
//      connector is not on Maven Central);
//   4. scenario 2 with value.converter=io.confluent.connect.avro.AvroConverter through a schema registry
//      (SCHEMA_REGISTRY_URL; kconnect only: Confluent's AvroConverter is not on Maven Central), against
//      kconnect's scenario 2 figure (JsonConverter);
//   5. change data capture against Debezium's PostgresConnector (scripts/bench/compare-cdc.ts, its own
//      sizes and its own section of docs/BENCHMARKS.md);
// each run BENCH_RUNS times (default 3), the runtimes alternating and scenarios 2 and 4 taking turns run by run, on fresh topics; medians reported,
// with the ceiling: kafka-producer-perf-test sending as many records of the same size.
//
//   npm run bench:compare                              (scripts/bench.sh: build, own broker, then this)
//   BENCH_LINES=100000 npm run bench:compare           a quick run
//   KAFKA_BOOTSTRAP=127.0.0.1:9092 node dist/scripts/bench/compare.js
//
// Environment: BENCH_LINES (1,000,000), BENCH_RUNS (3), BENCH_SCENARIOS (default "1,2,3,4,5,6,7,8"; 6-8: scripts/bench/threads.ts),
// BENCH_DOC=1|0 write the results into docs/BENCHMARKS.md (default: only when BENCH_LINES >= 1,000,000),
// BENCH_STALL_SECONDS (120) fail a run when its sink stops growing that long, BENCH_RUNTIMES (both;
// "kconnect" skips Kafka Connect).

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { builtinRegistry } from '../../src/plugins/builtins.js';
import { threadScenarios } from './threads.js';
import { connectionProps, dropTables, pgClient, uniqueTable } from '../../test/helpers/postgres.js';
import {
  AVRO_CONVERTER, RUNTIME_LABEL, describeMachine, fetchKafkaConnect, loadAverage, median, repoRoot, runFilePipeline, runPostgresPipeline,
  runProducerCeiling, writeInputFile, type CeilingResult, type Machine, type RunResult, type RuntimeName,
} from './lib.js';
import { cdcComparison, writeCdcSection } from './compare-cdc.js';

const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SCENARIOS = new Set((process.env.BENCH_SCENARIOS ?? '1,2,3,4,5,6,7,8').split(',').map((s) => s.trim()));
/** BENCH_RUNTIMES=kconnect skips Kafka Connect (e.g. to compare scenarios 2 and 4 only). */
const RUNTIMES = new Set((process.env.BENCH_RUNTIMES ?? 'kconnect,kafka-connect').split(',').map((s) => s.trim()));
const WRITE_DOC = process.env.BENCH_DOC ? process.env.BENCH_DOC === '1' : LINES >= 1_000_000;
const DOC = join(repoRoot, 'docs', 'BENCHMARKS.md');
const BEGIN = '<!-- bench:compare:begin -->';
const END = '<!-- bench:compare:end -->';
const JDBC_SOURCE = 'io.confluent.connect.jdbc.JdbcSourceConnector';

interface Scenario {
  id: string;
  title: string;
  runs: RunResult[];
  /** why Kafka Connect has no figures, when it has none */
  javaMissing?: string;
  /** sink files identical across every run of both runtimes (file scenarios) */
  identical?: boolean;
  /** how the scenario was run, when it is worth saying */
  note?: string;
}

const fmt = {
  int: (n: number) => Math.round(n).toLocaleString('en-US'),
  s: (n: number) => n.toFixed(1),
  ratio: (n: number) => `${n.toFixed(2)}×`,
};

function say(msg: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);
}

function describeRun(r: RunResult): string {
  return `${RUNTIME_LABEL[r.runtime].padEnd(13)} ${fmt.int(r.recordsPerSec).padStart(9)} records/s (${r.seconds.toFixed(1)} s), ` +
    `first record ${fmt.int(r.firstRecordMs)} ms, peak RSS ${fmt.int(r.peakRssMb)} MB, CPU ${r.cpuSeconds.toFixed(1)} s`;
}

/** A scenario run run by run: `round(i)` does its i-th run(s), `finish()` tells whether the sinks agreed. */
interface Rounds {
  round(i: number): Promise<void>;
  finish(): Scenario;
}

function fileScenario(id: string, title: string, input: string, transforms: boolean): Rounds {
  const runs: RunResult[] = [];
  return {
    async round(i) {
      const order: RuntimeName[] = i % 2 === 0 ? ['kconnect', 'kafka-connect'] : ['kafka-connect', 'kconnect'];
      for (const runtime of order.filter((r) => RUNTIMES.has(r))) {
        say(`scenario ${id}, run ${i + 1}/${RUNS}, ${RUNTIME_LABEL[runtime]} (load ${loadAverage()})`);
        const r = await runFilePipeline(runtime, { input, lines: LINES, transforms });
        say(`  ${describeRun(r)}`);
        runs.push(r);
      }
    },
    finish: () => withSinkCheck({ id, title, runs }),
  };
}

/** The scenario with whether every run wrote the same sink file, warning when they did not. */
function withSinkCheck(sc: Scenario): Scenario {
  const hashes = new Set(sc.runs.map((r) => r.sinkSha256));
  if (hashes.size !== 1) say(`WARNING: scenario ${sc.id}: the sink files differ between runs (${hashes.size} distinct contents)`);
  return { ...sc, identical: hashes.size === 1 };
}

/**
 * Runs the scenarios' rounds in turn (run 1 of each, then run 2 of each, …): scenario 4 is judged
 * against scenario 2, and a machine whose load drifts would otherwise favour whichever ran later.
 */
async function inTurns(all: Rounds[]): Promise<Scenario[]> {
  for (let i = 0; i < RUNS; i++) for (const s of all) await s.round(i);
  return all.map((s) => s.finish());
}

/** Scenario 2's pipeline with AvroConverter values through the registry, kconnect only. */
function avroScenario(input: string): Rounds | string {
  const url = process.env.SCHEMA_REGISTRY_URL;
  if (!url) return 'no schema registry (SCHEMA_REGISTRY_URL is not set; scripts/bench.sh starts one)';
  const converters = { 'value.converter': AVRO_CONVERTER, 'value.converter.schema.registry.url': url };
  const runs: RunResult[] = [];
  return {
    async round(i) {
      say(`scenario 4, run ${i + 1}/${RUNS}, kconnect (load ${loadAverage()})`);
      const r = await runFilePipeline('kconnect', { input, lines: LINES, transforms: true, converters });
      say(`  ${describeRun(r)}`);
      runs.push(r);
    },
    finish: () => withSinkCheck({
      id: '4', title: 'scenario 2 with value.converter=AvroConverter (schema registry)', runs,
      javaMissing: `Confluent's io.confluent:kafka-connect-avro-converter is not on Maven Central (mvn dependency:get finds it nowhere), so the comparison is with kconnect's scenario 2 (JsonConverter)`,
    }),
  };
}

/**
 * kconnect's PostgreSQL source as a built-in, or, while src/plugins/builtins.ts does not register it
 * yet, loaded through plugin.path from a one-line single-file plugin re-exporting connectors/postgres.
 */
async function postgresPluginPath(work: string): Promise<{ workerProps: Record<string, string>; note?: string }> {
  if (builtinRegistry().find(JDBC_SOURCE)) return { workerProps: {} };
  const dir = join(work, 'plugins');
  await mkdir(dir, { recursive: true });
  const index = pathToFileURL(join(repoRoot, 'dist', 'connectors', 'postgres', 'index.js')).href;
  await writeFile(join(dir, 'postgres.mjs'), `export { plugins } from ${JSON.stringify(index)};\n`);
  return {
    workerProps: { 'plugin.path': dir },
    note: `the built-in registry has no ${JDBC_SOURCE}: kconnect's PostgreSQL connectors were loaded through plugin.path`,
  };
}

async function postgresScenario(work: string): Promise<Scenario | string> {
  const title = `PostgreSQL table (${fmt.int(LINES)} rows) → topic`;
  let db;
  try {
    db = await pgClient();
  } catch (err) {
    return `PostgreSQL not reachable (${(err as Error).message})`;
  }
  const table = uniqueTable('bench_pg');
  try {
    say(`scenario 3: filling ${table} with ${fmt.int(LINES)} rows`);
    await db.query(`CREATE TABLE "${table}" (id bigserial PRIMARY KEY, line text NOT NULL)`);
    await db.query(`INSERT INTO "${table}" (line) SELECT lpad(g::text, 10, '0') || '-' || repeat('x', 86) FROM generate_series(0, $1 - 1) g`, [LINES]);
    await db.query(`ANALYZE "${table}"`);
    const { workerProps, note } = await postgresPluginPath(work);
    if (note) say(note);
    const runs: RunResult[] = [];
    for (let i = 0; i < RUNS; i++) {
      say(`scenario 3, run ${i + 1}/${RUNS}, kconnect (load ${loadAverage()})`);
      const r = await runPostgresPipeline('kconnect', { table, rows: LINES, connection: connectionProps(), workerProps });
      say(`  ${describeRun(r)}`);
      runs.push(r);
    }
    return {
      id: '3', title, runs, note,
      javaMissing: 'Confluent\'s `io.confluent:kafka-connect-jdbc` is not on Maven Central (Confluent publishes it in its own repository), so Kafka Connect has no JDBC source here',
    };
  } catch (err) {
    return `scenario 3 failed: ${(err as Error).message.split('\n')[0]}`;
  } finally {
    await dropTables(db, table).catch(() => undefined);
    await db.end();
  }
}

interface Medians { recordsPerSec: number; recordsPerCpuSec: number; firstRecordMs: number; peakRssMb: number; cpuSeconds: number }

function medians(runs: RunResult[], runtime: RuntimeName): Medians | undefined {
  const mine = runs.filter((r) => r.runtime === runtime);
  if (mine.length === 0) return undefined;
  return {
    recordsPerSec: median(mine.map((r) => r.recordsPerSec)),
    recordsPerCpuSec: median(mine.map((r) => r.records / r.cpuSeconds)),
    firstRecordMs: median(mine.map((r) => r.firstRecordMs)),
    peakRssMb: median(mine.map((r) => r.peakRssMb)),
    cpuSeconds: median(mine.map((r) => r.cpuSeconds)),
  };
}

const FIGURES: { key: keyof Medians; name: string; show: (n: number) => string; goal?: { max?: number; min?: number; text: string } }[] = [
  { key: 'recordsPerSec', name: 'records/s end to end', show: fmt.int, goal: { min: 1.0, text: '≥ 1.0× (aim 1.5×)' } },
  // on a shared machine the wall clock depends on what else runs; the worker's own CPU does much less
  { key: 'recordsPerCpuSec', name: 'records per CPU second of the worker', show: fmt.int },
  { key: 'firstRecordMs', name: 'process start → first record (ms)', show: fmt.int, goal: { max: 0.2, text: '≤ 0.2×' } },
  { key: 'peakRssMb', name: 'peak RSS (MB)', show: fmt.int, goal: { max: 0.3, text: '≤ 0.3×' } },
  { key: 'cpuSeconds', name: 'CPU seconds', show: fmt.s },
];

function resultTable(scenarios: Scenario[]): string {
  const rows = ['| scenario | figure (median of runs) | kconnect | Kafka Connect | kconnect / Kafka Connect | goal |', '|---|---|--:|--:|--:|---|'];
  for (const sc of scenarios) {
    const k = medians(sc.runs, 'kconnect')!;
    const j = medians(sc.runs, 'kafka-connect');
    for (const [i, f] of FIGURES.entries()) {
      const ratio = j ? k[f.key] / j[f.key] : undefined;
      let goal = '';
      if (f.goal && ratio !== undefined) {
        const met = (f.goal.min === undefined || ratio >= f.goal.min) && (f.goal.max === undefined || ratio <= f.goal.max);
        goal = `${f.goal.text} ${met ? 'met' : '**not met**'}`;
      }
      rows.push(`| ${i === 0 ? `${sc.id}. ${sc.title}` : ''} | ${f.name} | ${f.show(k[f.key])} | ${j ? f.show(j[f.key]) : '—'} | ${ratio === undefined ? '—' : fmt.ratio(ratio)} | ${goal} |`);
    }
  }
  return rows.join('\n');
}

function runsTable(scenarios: Scenario[]): string {
  const rows = ['| scenario | runtime | run | records/s | seconds | first record (ms) | peak RSS (MB) | CPU s | value bytes |', '|---|---|--:|--:|--:|--:|--:|--:|--:|'];
  for (const sc of scenarios) {
    const seen = new Map<RuntimeName, number>();
    for (const r of sc.runs) {
      const n = (seen.get(r.runtime) ?? 0) + 1;
      seen.set(r.runtime, n);
      rows.push(`| ${sc.id} | ${RUNTIME_LABEL[r.runtime]} | ${n} | ${fmt.int(r.recordsPerSec)} | ${r.seconds.toFixed(1)} | ${fmt.int(r.firstRecordMs)} | ${fmt.int(r.peakRssMb)} | ${r.cpuSeconds.toFixed(1)} | ${r.valueBytes} |`);
    }
  }
  return rows.join('\n');
}

function report(o: { machine: Machine; loadBefore: string; loadAfter: string; started: Date; minutes: number; scenarios: Scenario[]; skipped: string[]; ceiling?: CeilingResult & { recordSize: number; scenario: string; runs: number[] } }): string {
  const m = o.machine;
  const out: string[] = [];
  out.push(`Measured ${o.started.toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npm run bench:compare\` (${o.minutes.toFixed(0)} min): ` +
    `${fmt.int(LINES)} records per run, ${RUNS} runs per runtime and scenario, the runtimes alternating, medians.`);
  out.push('');
  out.push('| machine | |', '|---|---|');
  out.push(`| CPU | ${m.cpuModel}, ${m.cores} cores |`, `| memory | ${m.memoryGb} GB |`, `| OS | ${m.kernel} |`);
  out.push(`| load average (1, 5, 15 min) | before ${o.loadBefore}; after ${o.loadAfter} (a shared machine: other work ran alongside) |`);
  out.push(`| Node.js | ${m.node} (kconnect at ${m.kconnectCommit}) |`, `| Java | ${m.java} |`);
  out.push(`| Kafka | broker ${m.kafka} (one node, scripts/kafka.sh); Kafka Connect ${m.kafka} (scripts/connect-java.sh, heap -Xms256M -Xmx2G, G1) |`);
  out.push('');
  out.push(resultTable(o.scenarios));
  out.push('');
  if (o.ceiling) {
    out.push(`**Ceiling**: \`kafka-producer-perf-test\` sending ${fmt.int(LINES)} records of ${o.ceiling.recordSize} bytes ` +
      `(the size of scenario ${o.ceiling.scenario}'s JSON envelope) with acks=all: **${fmt.int(o.ceiling.recordsPerSec)} records/s** ` +
      `(${o.ceiling.mbPerSec.toFixed(1)} MB/s; median of ${o.ceiling.runs.map(fmt.int).join(', ')}).`);
    out.push('');
  }
  for (const sc of o.scenarios) {
    if (sc.identical !== undefined) {
      out.push(`Scenario ${sc.id}: the sink files of all ${sc.runs.length} runs ${sc.identical ? 'are identical (same sha256), kconnect\'s and Kafka Connect\'s alike' : '**differ** (see the run output)'}.`);
    }
    if (sc.javaMissing) out.push(`Scenario ${sc.id}: kconnect only. ${sc.javaMissing}.`);
    if (sc.note) out.push(`Scenario ${sc.id}: ${sc.note}.`);
  }
  for (const s of o.skipped) out.push(`Skipped: ${s}.`);
  out.push('');
  const json = o.scenarios.find((sc) => sc.id === '2');
  const avro = o.scenarios.find((sc) => sc.id === '4');
  const jm = json && medians(json.runs, 'kconnect');
  const am = avro && medians(avro.runs, 'kconnect');
  if (jm && am) {
    const ratio = am.recordsPerSec / jm.recordsPerSec;
    out.push(`Scenario 4 against scenario 2 (kconnect, the same pipeline with JsonConverter): **${fmt.int(am.recordsPerSec)} vs ${fmt.int(jm.recordsPerSec)} records/s, ` +
      `${fmt.ratio(ratio)}** (goal ≥ 1.5×: ${ratio >= 1.5 ? 'met' : 'not met'}); value bytes per record ${fmt.int(avro!.runs[0]!.valueBytes)} vs ${fmt.int(json!.runs[0]!.valueBytes)}.`);
  }
  out.push('<details><summary>Every run</summary>', '', runsTable(o.scenarios), '', '</details>');
  return out.join('\n');
}

async function writeDoc(section: string): Promise<void> {
  let doc = await readFile(DOC, 'utf8').catch(() => '');
  const block = `${BEGIN}\n${section}\n${END}`;
  const a = doc.indexOf(BEGIN);
  const b = doc.indexOf(END);
  if (a >= 0 && b > a) doc = doc.slice(0, a) + block + doc.slice(b + END.length);
  else doc = `${doc || '# Benchmarks\n'}\n${block}\n`;
  await writeFile(DOC, doc);
}

async function main(): Promise<void> {
  const started = new Date();
  const loadBefore = loadAverage();
  fetchKafkaConnect();
  const machine = describeMachine();
  say(`kconnect vs Kafka Connect ${machine.kafka}: ${fmt.int(LINES)} records, ${RUNS} runs, ${machine.cores} cores, load ${loadBefore}`);
  const work = await mkdtemp(join(tmpdir(), 'bench-compare-'));
  const scenarios: Scenario[] = [];
  const skipped: string[] = [];
  let ceiling;
  let threads = '';
  try {
    const input = join(work, 'input.txt');
    const bytes = await writeInputFile(input, LINES);
    say(`input: ${fmt.int(LINES)} lines, ${(bytes / 1e6).toFixed(0)} MB`);
    if (SCENARIOS.has('1')) scenarios.push(...(await inTurns([fileScenario('1', `FileStreamSource → topic → FileStreamSink, ${fmt.int(LINES)} lines`, input, false)])));
    // Scenarios 2 and 4 take turns: 4 is measured against 2.
    const turns: Rounds[] = [];
    if (SCENARIOS.has('2')) turns.push(fileScenario('2', 'the same + HoistField, InsertField, TimestampRouter', input, true));
    const avro = SCENARIOS.has('4') ? avroScenario(input) : undefined;
    if (typeof avro === 'string') skipped.push(`scenario 4: ${avro}`);
    else if (avro) turns.push(avro);
    scenarios.push(...(await inTurns(turns)));
    if (SCENARIOS.has('3')) {
      const pg = await postgresScenario(work);
      if (typeof pg === 'string') skipped.push(`scenario 3: ${pg}`);
      else scenarios.push(pg);
    }
    scenarios.sort((a, b) => a.id.localeCompare(b.id));
    const sized = scenarios[0];
    const recordSize = sized?.runs[0]?.valueBytes;
    if (sized && recordSize) {
      const runs: CeilingResult[] = [];
      for (let i = 0; i < RUNS; i++) {
        say(`ceiling, run ${i + 1}/${RUNS}: kafka-producer-perf-test, ${fmt.int(LINES)} records of ${recordSize} bytes`);
        runs.push(await runProducerCeiling(LINES, recordSize));
        say(`  ${fmt.int(runs[i]!.recordsPerSec)} records/s`);
      }
      ceiling = { recordSize, scenario: sized.id, recordsPerSec: median(runs.map((r) => r.recordsPerSec)), mbPerSec: median(runs.map((r) => r.mbPerSec)), runs: runs.map((r) => r.recordsPerSec) };
    }
    if (['6', '7', '8'].some((id) => SCENARIOS.has(id))) threads = await threadScenarios(SCENARIOS, say);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const section = report({
    machine, loadBefore, loadAfter: loadAverage(), started, minutes: (Date.now() - started.getTime()) / 60_000, scenarios, skipped, ceiling,
  }) + (threads ? `\n\n${threads}` : '');
  console.log(`\n${section}\n`);
  if (SCENARIOS.has('5')) {
    const cdc = await cdcComparison();
    console.log(`\n${cdc}\n`);
    if (WRITE_DOC) await writeCdcSection(cdc);
  }
  if (WRITE_DOC) {
    await writeDoc(section);
    say(`written into ${DOC}`);
  } else {
    say(`docs/BENCHMARKS.md not updated (a run of fewer than 1,000,000 lines; BENCH_DOC=1 writes it anyway)`);
  }
}

await main();
