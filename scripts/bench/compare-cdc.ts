// Change data capture, kconnect against Debezium 3.6.1's PostgresConnector in Apache Kafka Connect,
// on the same machine, broker and PostgreSQL (the private wal_level=logical cluster of
// scripts/postgres-logical.sh), with the same connector config but for the names:
//   A. streaming: CDC_EVENTS single-row inserts (default 100,000) in CDC_TXNS transactions (1,000),
//      written while the connector is stopped (its slot exists), then read by the started connector;
//   B. snapshot: a table of CDC_SNAPSHOT_ROWS rows (default 1,000,000), snapshot.mode=initial_only.
// Throughput is records / (the moment the topic holds them all − the first record's CreateTime), so
// the JVM's start-up does not count. Runs alternate the runtimes; medians; the load average is
// printed next to the numbers (the machine is shared).
//
//   npm run bench:compare                        (scenario 5 of scripts/bench/compare.ts)
//   KAFKA_BOOTSTRAP=… PG_LOGICAL_PORT=… node dist/scripts/bench/compare-cdc.js
//
// Environment: CDC_EVENTS, CDC_TXNS, CDC_SNAPSHOT_ROWS, CDC_RUNS (default BENCH_RUNS or 3),
// PG_LOGICAL_PORT (default: start scripts/postgres-logical.sh on 15432 and stop it after), BENCH_DOC=1|0
// write the section of docs/BENCHMARKS.md (default: only at the full sizes).

import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type pg from 'pg';
import { cdcConfig, logicalClient, uniqueName } from '../../test/helpers/cdc.js';
import {
  RUNTIME_LABEL, cpuSeconds, describeMachine, fetchKafkaConnect, firstRecord, loadAverage, median, peakRssMb, repoRoot,
  startRuntime, waitForHighWatermark, type RuntimeName,
} from './lib.js';

const EVENTS = Number(process.env.CDC_EVENTS ?? 100_000);
const TXNS = Number(process.env.CDC_TXNS ?? 1_000);
const SNAPSHOT_ROWS = Number(process.env.CDC_SNAPSHOT_ROWS ?? 1_000_000);
const RUNS = Number(process.env.CDC_RUNS ?? process.env.BENCH_RUNS ?? 3);
const DOC = join(repoRoot, 'docs', 'BENCHMARKS.md');
const BEGIN = '<!-- bench:cdc:begin -->';
const END = '<!-- bench:cdc:end -->';

interface CdcRun { runtime: RuntimeName; records: number; perSec: number; seconds: number; peakRssMb: number; cpuSeconds: number; load: string }

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const say = (msg: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);

function debeziumPluginPath(): string {
  return execFileSync('bash', [join(repoRoot, 'scripts', 'debezium.sh'), 'plugin-path'], { encoding: 'utf8' }).trim();
}

/** Starts a runtime with one CDC connector and measures until its topic holds `records` records. */
async function measure(runtime: RuntimeName, config: Record<string, string>, topic: string, records: number, pluginPath: string): Promise<CdcRun> {
  const dir = await mkdtemp(join(tmpdir(), `bench-cdc-${runtime}-`));
  const load = loadAverage();
  const started = await startRuntime(runtime, {
    dir, connectors: [config],
    workerProps: runtime === 'kafka-connect' ? { 'plugin.path': pluginPath, 'plugin.discovery': 'service_load' } : {},
  });
  try {
    const label = `${RUNTIME_LABEL[runtime]}, ${config['name']}`;
    const end = await waitForHighWatermark(topic, records, started, label);
    const rss = await peakRssMb(started.pid);
    const cpu = await cpuSeconds(started.pid);
    const first = await firstRecord(topic);
    const seconds = (end - first.timestamp) / 1000;
    return { runtime, records, perSec: records / seconds, seconds, peakRssMb: rss, cpuSeconds: cpu, load };
  } finally {
    await started.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function dropSlotAndPublication(db: pg.Client, name: string): Promise<void> {
  await db.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1', [name]).catch(() => {});
  await db.query(`DROP PUBLICATION IF EXISTS "${name}_pub"`);
}

/** A: every runtime gets its own slot before the inserts, so each reads the same WAL. */
async function streaming(db: pg.Client, pluginPath: string): Promise<CdcRun[]> {
  const runs: CdcRun[] = [];
  for (let i = 0; i < RUNS; i++) {
    const table = uniqueName('bench_cdc_stream');
    await db.query(`CREATE TABLE ${table} (id int PRIMARY KEY, payload text NOT NULL)`);
    const order: RuntimeName[] = i % 2 === 0 ? ['kconnect', 'kafka-connect'] : ['kafka-connect', 'kconnect'];
    const names = new Map(order.map((r) => [r, uniqueName(`bcdc_${r === 'kconnect' ? 'kc' : 'dbz'}`)]));
    try {
      for (const name of names.values()) {
        await db.query(`CREATE PUBLICATION "${name}_pub" FOR TABLE ${table}`);
        await db.query(`SELECT pg_create_logical_replication_slot($1, 'pgoutput')`, [name]);
      }
      const perTxn = Math.ceil(EVENTS / TXNS);
      say(`streaming, run ${i + 1}/${RUNS}: ${int(EVENTS)} single-row inserts in ${int(TXNS)} transactions into ${table}`);
      await db.query(`DO $$ BEGIN FOR t IN 0..${TXNS - 1} LOOP FOR i IN 1..${perTxn} LOOP
        INSERT INTO ${table} VALUES (t * ${perTxn} + i, lpad((t * ${perTxn} + i)::text, 10, '0') || repeat('x', 90)); END LOOP; COMMIT; END LOOP; END $$`);
      for (const runtime of order) {
        const name = names.get(runtime)!;
        const config = cdcConfig(name, [table], { 'snapshot.mode': 'no_data', 'publication.autocreate.mode': 'disabled' });
        say(`  ${RUNTIME_LABEL[runtime]} (load ${loadAverage()})`);
        const r = await measure(runtime, config, `${name}.public.${table}`, EVENTS, pluginPath);
        say(`  ${RUNTIME_LABEL[runtime].padEnd(13)} ${int(r.perSec)} events/s (${r.seconds.toFixed(1)} s), peak RSS ${int(r.peakRssMb)} MB, CPU ${r.cpuSeconds.toFixed(1)} s`);
        runs.push(r);
      }
    } finally {
      for (const name of names.values()) await dropSlotAndPublication(db, name);
      await db.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
  return runs;
}

/** B: the initial snapshot of one big table, snapshot.mode=initial_only. */
async function snapshot(db: pg.Client, pluginPath: string): Promise<CdcRun[]> {
  const table = uniqueName('bench_cdc_snap');
  const runs: CdcRun[] = [];
  try {
    say(`snapshot: filling ${table} with ${int(SNAPSHOT_ROWS)} rows`);
    await db.query(`CREATE TABLE ${table} (id int PRIMARY KEY, payload text NOT NULL)`);
    await db.query(`INSERT INTO ${table} SELECT g, lpad(g::text, 10, '0') || repeat('x', 90) FROM generate_series(1, $1::int) g`, [SNAPSHOT_ROWS]);
    await db.query(`VACUUM ANALYZE ${table}`);
    for (let i = 0; i < RUNS; i++) {
      const order: RuntimeName[] = i % 2 === 0 ? ['kconnect', 'kafka-connect'] : ['kafka-connect', 'kconnect'];
      for (const runtime of order) {
        const name = uniqueName(`bcdcs_${runtime === 'kconnect' ? 'kc' : 'dbz'}`);
        say(`snapshot, run ${i + 1}/${RUNS}, ${RUNTIME_LABEL[runtime]} (load ${loadAverage()})`);
        try {
          const r = await measure(runtime, cdcConfig(name, [table], { 'snapshot.mode': 'initial_only' }), `${name}.public.${table}`, SNAPSHOT_ROWS, pluginPath);
          say(`  ${RUNTIME_LABEL[runtime].padEnd(13)} ${int(r.perSec)} rows/s (${r.seconds.toFixed(1)} s), peak RSS ${int(r.peakRssMb)} MB, CPU ${r.cpuSeconds.toFixed(1)} s`);
          runs.push(r);
        } finally {
          await dropSlotAndPublication(db, name);
        }
      }
    }
  } finally {
    await db.query(`DROP TABLE IF EXISTS ${table}`);
  }
  return runs;
}

function rows(title: string, unit: string, runs: CdcRun[]): string[] {
  const k = runs.filter((r) => r.runtime === 'kconnect');
  const j = runs.filter((r) => r.runtime === 'kafka-connect');
  const m = (rs: CdcRun[], f: (r: CdcRun) => number) => median(rs.map(f));
  const ratio = m(k, (r) => r.perSec) / m(j, (r) => r.perSec);
  return [
    `| ${title} | ${unit} | ${int(m(k, (r) => r.perSec))} | ${int(m(j, (r) => r.perSec))} | ${ratio.toFixed(2)}× |`,
    `| | ${unit.split('/')[0]} per CPU second of the worker | ${int(m(k, (r) => r.records / r.cpuSeconds))} | ${int(m(j, (r) => r.records / r.cpuSeconds))} | ${(m(k, (r) => r.records / r.cpuSeconds) / m(j, (r) => r.records / r.cpuSeconds)).toFixed(2)}× |`,
    `| | peak RSS (MB) | ${int(m(k, (r) => r.peakRssMb))} | ${int(m(j, (r) => r.peakRssMb))} | ${(m(k, (r) => r.peakRssMb) / m(j, (r) => r.peakRssMb)).toFixed(2)}× |`,
  ];
}

export async function cdcComparison(): Promise<string> {
  const started = new Date();
  const loadBefore = loadAverage();
  fetchKafkaConnect();
  const pluginPath = debeziumPluginPath();
  let stopPg: (() => void) | undefined;
  if (!process.env.PG_LOGICAL_PORT) {
    const data = join(repoRoot, '.cache', 'bench-pg-logical');
    process.env.PG_LOGICAL_PORT = execFileSync('bash', [join(repoRoot, 'scripts', 'postgres-logical.sh'), 'start', '--data', data], { encoding: 'utf8' }).trim();
    stopPg = () => execFileSync('bash', [join(repoRoot, 'scripts', 'postgres-logical.sh'), 'stop', '--data', data]);
  }
  const db = await logicalClient();
  try {
    const stream = await streaming(db, pluginPath);
    const snap = await snapshot(db, pluginPath);
    const machine = describeMachine();
    const out = [
      `Measured ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npm run bench:compare\` (scenario 5, scripts/bench/compare-cdc.ts): `
        + `kconnect's PostgresConnector against Debezium ${'3.6.1.Final'} in Apache Kafka Connect ${machine.kafka}, the same connector config, `
        + `PostgreSQL ${(await db.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v} with wal_level=logical (scripts/postgres-logical.sh), `
        + `${RUNS} run(s) per runtime, alternating, medians. ${machine.cores} cores (${machine.cpuModel}), ${machine.node}, ${machine.java}; `
        + `load average (1, 5, 15 min) before ${loadBefore}, after ${loadAverage()}: a shared machine, other work ran alongside.`,
      '',
      '| scenario | figure | kconnect | Debezium (Kafka Connect) | kconnect / Debezium |',
      '|---|---|--:|--:|--:|',
      ...rows(`A. streaming: ${int(EVENTS)} single-row inserts in ${int(TXNS)} transactions`, 'events/s', stream),
      ...rows(`B. initial snapshot of a ${int(SNAPSHOT_ROWS)}-row table`, 'rows/s', snap),
      '',
      'Throughput counts from the first record\'s CreateTime to the moment the topic holds every record (JVM and worker start-up excluded). Goal for A: ≥ 1.5× Debezium\'s events/s.',
      '',
      '<details><summary>Every run</summary>',
      '',
      '| scenario | runtime | records/s | seconds | peak RSS (MB) | CPU s | load at start |',
      '|---|---|--:|--:|--:|--:|---|',
      ...stream.map((r) => `| A | ${RUNTIME_LABEL[r.runtime]} | ${int(r.perSec)} | ${r.seconds.toFixed(1)} | ${int(r.peakRssMb)} | ${r.cpuSeconds.toFixed(1)} | ${r.load} |`),
      ...snap.map((r) => `| B | ${RUNTIME_LABEL[r.runtime]} | ${int(r.perSec)} | ${r.seconds.toFixed(1)} | ${int(r.peakRssMb)} | ${r.cpuSeconds.toFixed(1)} | ${r.load} |`),
      '',
      '</details>',
    ];
    return out.join('\n');
  } finally {
    await db.end();
    stopPg?.();
  }
}

export async function writeCdcSection(section: string): Promise<void> {
  let doc = await readFile(DOC, 'utf8').catch(() => '# Benchmarks\n');
  const block = `${BEGIN}\n${section}\n${END}`;
  const a = doc.indexOf(BEGIN);
  const b = doc.indexOf(END);
  if (a >= 0 && b > a) doc = doc.slice(0, a) + block + doc.slice(b + END.length);
  else doc = `${doc.trimEnd()}\n\n## Change data capture: kconnect and Debezium\n\n${block}\n`;
  await writeFile(DOC, doc);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const section = await cdcComparison();
  console.log(`\n${section}\n`);
  if (process.env.BENCH_DOC === '1' || (process.env.BENCH_DOC !== '0' && EVENTS >= 100_000 && SNAPSHOT_ROWS >= 1_000_000)) {
    await writeCdcSection(section);
    say(`written into ${DOC}`);
  }
}
