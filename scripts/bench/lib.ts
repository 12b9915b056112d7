// What the pipeline benchmarks share, so that kconnect and Apache Kafka Connect are measured the same
// way: the input file, the properties files, starting either runtime in standalone mode, counting sink
// lines, and reading a process's peak RSS and CPU time from /proc.
//
// Every figure is taken from outside the measured process:
//   first record   the CreateTime of offset 0 in the topic (both sources stamp records when they poll
//                  them), minus the moment the process was spawned;
//   end            the sink file's mtime when it holds every line (the last write), or for a source-only
//                  pipeline the moment the topic's high watermark reaches the record count;
//   peak RSS       VmHWM of /proc/<pid>/status, read just before the process is stopped;
//   CPU            utime + stime of /proc/<pid>/stat (all threads: JIT, GC, libuv pool), same moment.

import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readFileSync } from 'node:fs';
import { mkdtemp, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem, release } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootstrapServers, consumeAll, kafkaClient, uniqueTopic } from '../../test/helpers/kafka.js';
import { freePort, toProperties } from '../../test/helpers/worker.js';
import { waitForLeaders } from '../../src/kafka/topicLeaders.js';

/** The repository root (this file runs from dist/scripts/bench/). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export type RuntimeName = 'kconnect' | 'kafka-connect';
export const RUNTIME_LABEL: Record<RuntimeName, string> = { kconnect: 'kconnect', 'kafka-connect': 'Kafka Connect' };

// ------------------------------------------------------------------------------------ /proc figures

/** Peak resident set size of a process, from the kernel's high-water mark. */
export async function peakRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const m = /VmHWM:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) / 1024 : NaN;
}

/** User + system CPU seconds of a process, all of its threads. */
export async function cpuSeconds(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime in clock ticks (100 Hz)
}

// ----------------------------------------------------------------------------------------- files

/** `0000000042-xxx…x\n`: 98 bytes and a newline per line, numbered so that order and loss show. */
export function inputLine(i: number): string {
  return `${String(i).padStart(10, '0')}-${'x'.repeat(86)}\n`;
}

/** Writes `lines` numbered lines of ~100 bytes; returns the file's size in bytes. */
export async function writeInputFile(file: string, lines: number): Promise<number> {
  const fh = await open(file, 'w');
  try {
    let text = '';
    for (let i = 0; i < lines; i++) {
      text += inputLine(i);
      if (text.length > 1 << 22) {
        await fh.write(text);
        text = '';
      }
    }
    await fh.write(text);
  } finally {
    await fh.close();
  }
  return (await stat(file)).size;
}

/** Counts the newlines of a growing file, reading only what was appended since the last call. */
export class LineCounter {
  private pos = 0;
  private lines = 0;
  private readonly buf = Buffer.allocUnsafe(1 << 20);
  constructor(readonly file: string) {}

  async count(): Promise<number> {
    let fh;
    try {
      fh = await open(this.file, 'r');
    } catch {
      return this.lines; // not created yet
    }
    try {
      for (;;) {
        const { bytesRead } = await fh.read(this.buf, 0, this.buf.length, this.pos);
        if (bytesRead === 0) return this.lines;
        for (let i = 0; i < bytesRead; i++) if (this.buf[i] === 10) this.lines++;
        this.pos += bytesRead;
      }
    } finally {
      await fh.close();
    }
  }
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

// ---------------------------------------------------------------------------------- the runtimes

/** The worker properties both runtimes get, byte for byte (Kafka's defaults where not stated). */
export function workerProperties(dir: string, port: number): Record<string, string> {
  return {
    'bootstrap.servers': bootstrapServers(),
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'key.converter.schemas.enable': 'true',
    'value.converter.schemas.enable': 'true',
    'offset.storage.file.filename': join(dir, 'connect.offsets'),
    'offset.flush.interval.ms': '60000', // Kafka's default, stated because the test helper sets 1000
    listeners: `http://127.0.0.1:${port}`,
  };
}

export interface StartedRuntime {
  runtime: RuntimeName;
  pid: number;
  /** Date.now() just before the process was spawned. */
  spawnedAt: number;
  /** The end of what the worker logged (kconnect: its stdout and stderr; Kafka Connect: connect.log). */
  output(): Promise<string>;
  exited(): boolean;
  /** SIGTERM, SIGKILL after 30 s; resolves once the process is gone. */
  stop(): Promise<void>;
}

export interface StartOptions {
  dir: string;
  connectors: Record<string, string>[];
  /** Extra environment for the worker process (e.g. KCONNECT_LOG_LEVEL). */
  env?: Record<string, string>;
  /** Worker properties on top of workerProperties() (e.g. plugin.path). */
  workerProps?: Record<string, string>;
  /** Flags for kconnect's node (e.g. --cpu-prof, which NODE_OPTIONS does not take). */
  nodeArgs?: string[];
}

/**
 * Starts kconnect's or Kafka Connect's connect-standalone with the same worker and connector files,
 * each in its own folder, logging into files there (kconnect.log; connect.log and stdout.log).
 */
export async function startRuntime(runtime: RuntimeName, opts: StartOptions): Promise<StartedRuntime> {
  const files = [join(opts.dir, 'worker.properties')];
  await writeFile(files[0]!, toProperties({ ...workerProperties(opts.dir, await freePort()), ...opts.workerProps }));
  for (const [i, c] of opts.connectors.entries()) {
    files.push(join(opts.dir, `connector-${i}.properties`));
    await writeFile(files[i + 1]!, toProperties(c));
  }
  const kconnect = runtime === 'kconnect';
  const logFile = join(opts.dir, kconnect ? 'kconnect.log' : 'stdout.log');
  const log = openSync(logFile, 'a');
  const spawnedAt = Date.now();
  // connect-java.sh execs the JVM: the pid is Kafka Connect's own.
  const child = kconnect
    ? spawn(process.execPath, [...(opts.nodeArgs ?? []), join(repoRoot, 'bin', 'connect-standalone.js'), ...files],
      { cwd: opts.dir, env: { ...process.env, ...opts.env }, stdio: ['ignore', log, log] })
    : spawn('bash', [join(repoRoot, 'scripts', 'connect-java.sh'), 'standalone', ...files],
      { cwd: opts.dir, env: { ...process.env, CONNECT_LOG_DIR: opts.dir, ...opts.env }, stdio: ['ignore', log, log] });
  closeSync(log);
  const exited = new Promise<void>((res) => child.on('exit', () => res()));
  const isExited = () => child.exitCode !== null || child.signalCode !== null;
  const tail = async (f: string) => (await readFile(f, 'utf8').catch(() => '')).slice(-4000);
  return {
    runtime,
    pid: child.pid!,
    spawnedAt,
    exited: isExited,
    output: async () => (kconnect ? tail(logFile) : `${await tail(logFile)}${await tail(join(opts.dir, 'connect.log'))}`.slice(-4000)),
    stop: async () => {
      if (!isExited()) child.kill('SIGTERM');
      const timer = setTimeout(() => {
        if (!isExited()) child.kill('SIGKILL');
      }, 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Fetches Kafka Connect's jars with mvn if they are not cached yet (quick when they are). */
export function fetchKafkaConnect(): void {
  execFileSync('bash', [join(repoRoot, 'scripts', 'connect-java.sh'), 'fetch'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

// ------------------------------------------------------------------------------------- the topics

/** Creates a one-partition topic and waits until its leader answers. */
export async function createTopic(name: string): Promise<string> {
  const admin = kafkaClient('kconnect-bench-admin').admin();
  await admin.connect();
  try {
    await admin.createTopics({ waitForLeaders: false, topics: [{ topic: name, numPartitions: 1, replicationFactor: 1 }] });
    await waitForLeaders(admin, name);
    return name;
  } finally {
    await admin.disconnect();
  }
}

/** The first record of a topic: its CreateTime and the size of its value (the JSON envelope). */
export async function firstRecord(topic: string): Promise<{ timestamp: number; valueBytes: number }> {
  const [first] = await consumeAll(topic, { expected: 1, timeoutMs: 30_000 });
  return { timestamp: Number(first!.timestamp), valueBytes: first!.value?.length ?? 0 };
}

/** Waits until the topic holds `count` records (its high watermarks summed); returns the moment that was seen. */
export async function waitForHighWatermark(topic: string, count: number, started: StartedRuntime, label: string): Promise<number> {
  const admin = kafkaClient('kconnect-bench-admin').admin();
  await admin.connect();
  try {
    return await waitForProgress(label, count, started, async () => {
      const offsets = await admin.fetchTopicOffsets(topic).catch(() => []);
      return offsets.reduce((n, p) => n + Number(p.high), 0);
    });
  } finally {
    await admin.disconnect();
  }
}

/**
 * Polls `progress` every 100 ms until it reaches `count`. Fails if the process exits, or if
 * nothing moves for BENCH_STALL_SECONDS (default 120). Returns Date.now() at the last poll.
 */
export async function waitForProgress(label: string, count: number, started: StartedRuntime, progress: () => Promise<number>): Promise<number> {
  const stallMs = Number(process.env.BENCH_STALL_SECONDS ?? 120) * 1000;
  let done = 0;
  let movedAt = Date.now();
  for (let poll = 1; ; poll++) {
    const now = await progress();
    if (now >= count) return Date.now();
    if (poll % 30 === 0) {
      // Kafka Connect exits when a connector cannot be created; kconnect logs it and carries on
      const failed = /^.*(Failed to create connector|Stopping after connector error).*$/m.exec(await started.output());
      if (failed) throw new Error(`${label}: the worker could not create a connector: ${failed[0].slice(0, 600)}`);
    }
    if (now !== done) {
      done = now;
      movedAt = Date.now();
    }
    if (started.exited() || Date.now() - movedAt > stallMs) {
      const why = started.exited() ? 'the process exited' : `no progress for ${stallMs / 1000} s`;
      throw new Error(`${label}: ${why} at ${done} of ${count}; last output:\n${await started.output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

// ----------------------------------------------------------------------------------- the scenarios

export interface RunResult {
  runtime: RuntimeName;
  records: number;
  /** records / (end − first record's CreateTime) */
  recordsPerSec: number;
  seconds: number;
  /** first record's CreateTime − spawn */
  firstRecordMs: number;
  peakRssMb: number;
  cpuSeconds: number;
  /** size of the first record's value in the topic (the JSON envelope) */
  valueBytes: number;
  /** sha256 of the sink file, when there is one */
  sinkSha256?: string;
}

/** Scenario 4's value converter (through the registry at SCHEMA_REGISTRY_URL). */
export const AVRO_CONVERTER = 'io.confluent.connect.avro.AvroConverter';

/** HoistField$Value, InsertField$Value (static), TimestampRouter: scenario 2's chain, on the source. */
export const TRANSFORM_CHAIN: Record<string, string> = {
  transforms: 'hoist,insert,route',
  'transforms.hoist.type': 'org.apache.kafka.connect.transforms.HoistField$Value',
  'transforms.hoist.field': 'line',
  'transforms.insert.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
  'transforms.insert.static.field': 'source',
  'transforms.insert.static.value': 'bench',
  'transforms.route.type': 'org.apache.kafka.connect.transforms.TimestampRouter',
  'transforms.route.topic.format': '${topic}-${timestamp}',
  'transforms.route.timestamp.format': 'yyyyMMdd',
};

/** The topic TimestampRouter routes `topic` to today (Kafka's TimestampRouter formats in UTC). */
function routedTopic(topic: string): string {
  return `${topic}-${new Date().toISOString().slice(0, 10).replace(/-/g, '')}`;
}

export interface FilePipelineOptions {
  /** the input file (written once by writeInputFile, read by every run) */
  input: string;
  lines: number;
  /** apply TRANSFORM_CHAIN on the source */
  transforms: boolean;
  env?: Record<string, string>;
  nodeArgs?: string[];
  /** keep the run's folder (and sink file) instead of deleting it; its path is returned */
  keep?: boolean;
  /** converter settings for both connectors (e.g. value.converter=…AvroConverter and its registry) */
  converters?: Record<string, string>;
}

/**
 * FileStreamSource → topic → FileStreamSink in one standalone worker, on fresh topics, until the sink
 * file holds every line. The folder is deleted afterwards unless `keep` (or the run failed).
 */
export async function runFilePipeline(runtime: RuntimeName, o: FilePipelineOptions): Promise<RunResult & { dir: string; sinkFile: string }> {
  const dir = await mkdtemp(join(tmpdir(), `bench-${runtime}-`));
  const topic = uniqueTopic('bench');
  const target = o.transforms ? routedTopic(topic) : topic;
  await createTopic(target);
  const sinkFile = join(dir, 'sink.txt');
  const started = await startRuntime(runtime, {
    dir,
    env: o.env,
    nodeArgs: o.nodeArgs,
    connectors: [
      { name: `bench-src-${topic}`, 'connector.class': 'FileStreamSource', 'tasks.max': '1', file: o.input, topic, ...(o.transforms ? TRANSFORM_CHAIN : {}), ...o.converters },
      { name: `bench-sink-${topic}`, 'connector.class': 'FileStreamSink', 'tasks.max': '1', file: sinkFile, topics: target, ...o.converters },
    ],
  });
  const label = `${RUNTIME_LABEL[runtime]}, ${o.transforms ? 'with transforms' : 'file pipeline'}`;
  const counter = new LineCounter(sinkFile);
  const result = await measureRun(started, {
    dir, topic: target, records: o.lines, label, keep: o.keep,
    waitForEnd: async () => {
      await waitForProgress(label, o.lines, started, () => counter.count());
      return (await stat(sinkFile)).mtimeMs; // the last write into the sink file
    },
    afterStop: async () => {
      const lines = await new LineCounter(sinkFile).count();
      if (lines !== o.lines) throw new Error(`${label}: the sink file holds ${lines} lines, expected ${o.lines}`);
      return { sinkSha256: await sha256File(sinkFile) };
    },
  });
  return { ...result, dir, sinkFile };
}

interface MeasureOptions {
  dir: string;
  /** where the records land: its first record dates the pipeline's start */
  topic: string;
  records: number;
  label: string;
  keep?: boolean;
  /** resolves with the moment the last record arrived */
  waitForEnd(): Promise<number>;
  /** checks once the worker has stopped; may add to the result */
  afterStop?(): Promise<Partial<RunResult>>;
}

/**
 * What every run shares once its worker is started: wait for the end, read the worker's peak RSS and
 * CPU, stop it, date the first record. The run's folder is removed unless `keep`, or the run failed.
 */
async function measureRun(started: StartedRuntime, o: MeasureOptions): Promise<RunResult> {
  try {
    const end = await o.waitForEnd();
    const rss = await peakRssMb(started.pid);
    const cpu = await cpuSeconds(started.pid);
    await started.stop();
    const extra = (await o.afterStop?.()) ?? {};
    const first = await firstRecord(o.topic);
    const seconds = (end - first.timestamp) / 1000;
    if (!o.keep) await rm(o.dir, { recursive: true, force: true });
    return {
      runtime: started.runtime, records: o.records, recordsPerSec: o.records / seconds, seconds,
      firstRecordMs: first.timestamp - started.spawnedAt, peakRssMb: rss, cpuSeconds: cpu, valueBytes: first.valueBytes, ...extra,
    };
  } catch (err) {
    await started.stop();
    throw new Error(`${(err as Error).message}\n(run folder kept: ${o.dir})`);
  }
}

export interface PostgresPipelineOptions {
  /** the source table (filled beforehand) and its row count */
  table: string;
  rows: number;
  connection: Record<string, string>;
  env?: Record<string, string>;
  workerProps?: Record<string, string>;
}

/**
 * A PostgreSQL table → topic through a JdbcSourceConnector config (mode=incrementing on id), on a
 * fresh topic, until the topic holds every row.
 */
export async function runPostgresPipeline(runtime: RuntimeName, o: PostgresPipelineOptions): Promise<RunResult> {
  const dir = await mkdtemp(join(tmpdir(), `bench-${runtime}-pg-`));
  const prefix = `${uniqueTopic('bench-pg')}-`;
  const topic = prefix + o.table;
  await createTopic(topic);
  const started = await startRuntime(runtime, {
    dir,
    env: o.env,
    workerProps: o.workerProps,
    connectors: [{
      name: `bench-pg-${prefix}`, 'connector.class': 'io.confluent.connect.jdbc.JdbcSourceConnector', 'tasks.max': '1',
      ...o.connection, 'table.whitelist': o.table, mode: 'incrementing', 'incrementing.column.name': 'id', 'topic.prefix': prefix,
    }],
  });
  const label = `${RUNTIME_LABEL[runtime]}, PostgreSQL source`;
  return measureRun(started, {
    dir, topic, records: o.rows, label, waitForEnd: () => waitForHighWatermark(topic, o.rows, started, label),
  });
}

// ------------------------------------------------------------------------------------ the ceiling

export interface CeilingResult {
  recordsPerSec: number;
  mbPerSec: number;
}

/**
 * kafka-producer-perf-test (org.apache.kafka.tools.ProducerPerformance, from the broker's jars):
 * `records` records of `recordSize` bytes to a fresh topic, as fast as it can, acks=all (Connect's
 * producer setting), the Java producer's defaults otherwise.
 */
export async function runProducerCeiling(records: number, recordSize: number): Promise<CeilingResult> {
  const topic = await createTopic(uniqueTopic('bench-ceiling'));
  const out = await new Promise<string>((res, rej) => {
    const child = spawn('bash', [join(repoRoot, 'scripts', 'kafka.sh'), 'run', 'org.apache.kafka.tools.ProducerPerformance',
      '--topic', topic, '--num-records', String(records), '--record-size', String(recordSize), '--throughput', '-1',
      '--command-property', `bootstrap.servers=${bootstrapServers()}`, 'acks=all'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (b: Buffer) => (text += b.toString()));
    child.stderr.on('data', (b: Buffer) => (text += b.toString()));
    child.on('error', rej);
    child.on('exit', (code) => (code === 0 ? res(text) : rej(new Error(`ProducerPerformance exited with ${code}:\n${text.slice(-3000)}`))));
  });
  // A line every 5 s ("71559 records sent, 14311.8 records/sec …"), then the summary of the whole run:
  // "1000000 records sent, 254452.926 records/sec (24.27 MB/sec), 92.14 ms avg latency, …, 3921 ms 99.9th."
  const m = [...out.matchAll(/^(\d+) records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\).*99\.9th/gm)].pop();
  if (!m || Number(m[1]) !== records) throw new Error(`could not read ProducerPerformance's summary:\n${out.slice(-3000)}`);
  return { recordsPerSec: Number(m[2]), mbPerSec: Number(m[3]) };
}

// ------------------------------------------------------------------------------------ the machine

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The first line a command prints, or '' if it fails. */
function firstLine(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n')[0]!.trim() : '';
}

/** The broker's version as scripts/kafka.sh fetches it (KAFKA_VERSION or the script's default). */
export function kafkaVersion(): string {
  const script = readFileSync(join(repoRoot, 'scripts', 'kafka.sh'), 'utf8');
  return process.env.KAFKA_VERSION ?? /KAFKA_VERSION="\$\{KAFKA_VERSION:-([^}]+)\}"/.exec(script)?.[1] ?? 'unknown';
}

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  kernel: string;
  node: string;
  java: string;
  kafka: string;
  kconnectCommit: string;
}

export function describeMachine(): Machine {
  // `java -version` prints to stderr: `openjdk version "17.0.15" 2025-04-15`
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr?.split('\n')[0]?.trim() || 'unknown';
  // BENCH_KCONNECT_REV names the commit when the benchmark runs from a copy outside git (an export of HEAD)
  const rev = firstLine('git', ['-C', repoRoot, 'rev-parse', '--short', 'HEAD']);
  const dirty = rev && firstLine('git', ['-C', repoRoot, 'status', '--porcelain', '--untracked-files=no']) ? ' + uncommitted changes' : '';
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    kernel: `Linux ${release()}`,
    node: process.version,
    java,
    kafka: kafkaVersion(),
    kconnectCommit: (rev || process.env.BENCH_KCONNECT_REV || 'unknown') + dirty,
  };
}

export function loadAverage(): string {
  return loadavg().map((l) => l.toFixed(2)).join(', ');
}
