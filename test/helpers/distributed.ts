import { after } from 'node:test';
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootstrapServers } from './kafka.js';
import { eventually, freePort, getJson, toProperties, watchOutput } from './worker.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Short timeouts so a test sees failures detected and work moved within seconds. */
export const FAST_GROUP_SETTINGS: Record<string, string> = {
  'session.timeout.ms': '6000',
  'heartbeat.interval.ms': '1000',
  'rebalance.timeout.ms': '10000',
  'scheduled.rebalance.max.delay.ms': '3000',
  'worker.sync.timeout.ms': '3000',
  'offset.flush.interval.ms': '1000',
};

export interface ClusterNames {
  groupId: string;
  configTopic: string;
  offsetTopic: string;
  statusTopic: string;
}

/** A group id and three internal topic names no other test uses. */
export function uniqueCluster(prefix = 'dist'): ClusterNames {
  const id = `${prefix}-${randomBytes(6).toString('hex')}`;
  return { groupId: id, configTopic: `${id}-configs`, offsetTopic: `${id}-offsets`, statusTopic: `${id}-status` };
}

export interface DistributedWorker {
  port: number;
  restUrl: string;
  /** host:port, as it appears in statuses (`worker_id`). */
  workerId: string;
  dir: string;
  pid: number | undefined;
  output(): string;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code once the process has ended (null after a signal). */
  exited: Promise<number | null>;
  /** SIGTERM and wait. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait. */
  kill(): Promise<void>;
}

export interface DistributedWorkerOptions {
  cluster: ClusterNames;
  /** Reuse a port (a restarted worker keeps its id). */
  port?: number;
  workerProps?: Record<string, string>;
  env?: Record<string, string>;
  /** Wait for "Kafka Connect started" (default true). */
  waitReady?: boolean;
}

/** One `connect-distributed` process against the test broker, on its own port and folder. */
export async function startDistributedWorker(opts: DistributedWorkerOptions): Promise<DistributedWorker> {
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-dist-'));
  const port = opts.port ?? (await freePort());
  const { cluster } = opts;
  const props: Record<string, string> = {
    'bootstrap.servers': bootstrapServers(),
    'group.id': cluster.groupId,
    'config.storage.topic': cluster.configTopic,
    'offset.storage.topic': cluster.offsetTopic,
    'status.storage.topic': cluster.statusTopic,
    'config.storage.replication.factor': '1',
    'offset.storage.replication.factor': '1',
    'status.storage.replication.factor': '1',
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'key.converter.schemas.enable': 'false',
    'value.converter.schemas.enable': 'false',
    listeners: `http://127.0.0.1:${port}`,
    ...FAST_GROUP_SETTINGS,
    ...opts.workerProps,
  };
  const file = join(dir, 'worker.properties');
  await writeFile(file, toProperties(props));
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'connect-distributed.js'), file], {
    cwd: dir,
    env: { ...process.env, KCONNECT_LOG_LEVEL: 'info', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Kept on disk too, for a look after a failed run (KEEP_WORKER_LOGS=1 prints where).
  const log = createWriteStream(join(dir, 'worker.log'));
  if (process.env.KEEP_WORKER_LOGS) console.error(`worker :${port} logs to ${join(dir, 'worker.log')}`);
  const { output, waitForOutput } = watchOutput(child, `worker :${port}`, (b) => log.write(b));
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  const alive = () => child.exitCode === null && child.signalCode === null;

  const worker: DistributedWorker = {
    port,
    restUrl: `http://127.0.0.1:${port}`,
    workerId: `127.0.0.1:${port}`,
    dir,
    pid: child.pid,
    output,
    waitForOutput,
    exited,
    async stop() {
      if (alive()) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
  };
  if (opts.waitReady !== false) {
    await Promise.race([
      waitForOutput(/Kafka Connect started/, 90000),
      exited.then((code) => {
        throw new Error(`worker :${port} exited with ${code} before it was ready; output:\n${output().slice(-4000)}`);
      }),
    ]);
  }
  return worker;
}

/** The clusters a test file starts: push each one; all are stopped after the file's tests. */
export function clustersStoppedAfterTests(): Cluster[] {
  const clusters: Cluster[] = [];
  after(async () => {
    await Promise.all(clusters.map((c) => c.stopAll()));
  });
  return clusters;
}

export interface Cluster {
  names: ClusterNames;
  workers: DistributedWorker[];
  /** Starts one more worker of this cluster. */
  add(opts?: Omit<DistributedWorkerOptions, 'cluster'>): Promise<DistributedWorker>;
  /** Restarts worker i on the same port (SIGTERM, or SIGKILL when hard). */
  restart(i: number, hard?: boolean): Promise<DistributedWorker>;
  /** Stops every worker still running. */
  stopAll(): Promise<void>;
}

/** N workers of one new cluster (own group id and topics), started together. */
export async function startCluster(n: number, opts: Omit<DistributedWorkerOptions, 'cluster'> & { names?: ClusterNames } = {}): Promise<Cluster> {
  const names = opts.names ?? uniqueCluster();
  const { names: _n, ...workerOpts } = opts;
  const started = await Promise.allSettled(Array.from({ length: n }, () => startDistributedWorker({ ...workerOpts, cluster: names })));
  const workers = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.all(workers.map((w) => w.kill()));
    throw failed.reason;
  }
  const cluster: Cluster = {
    names,
    workers,
    async add(extra = {}) {
      const w = await startDistributedWorker({ ...workerOpts, ...extra, cluster: names });
      workers.push(w);
      return w;
    },
    async restart(i, hard = false) {
      const old = workers[i]!;
      if (hard) await old.kill();
      else await old.stop();
      const w = await startDistributedWorker({ ...workerOpts, cluster: names, port: old.port });
      workers[i] = w;
      return w;
    },
    async stopAll() {
      await Promise.all(workers.map((w) => w.stop()));
    },
  };
  return cluster;
}

export interface ConnectorStatus {
  name: string;
  connector: { state: string; worker_id: string; trace?: string };
  tasks: Array<{ id: number; state: string; worker_id: string; trace?: string }>;
  type: string;
}

export async function connectorStatus(w: DistributedWorker, name: string): Promise<ConnectorStatus | undefined> {
  const res = await getJson(`${w.restUrl}/connectors/${encodeURIComponent(name)}/status`);
  return res.status === 200 ? (res.body as ConnectorStatus) : undefined;
}

/** Waits until the connector and `tasks` tasks are all in `state` (seen from worker `w`). */
export async function awaitConnectorState(w: DistributedWorker, name: string, tasks: number, state = 'RUNNING', timeoutMs = 60000): Promise<ConnectorStatus> {
  const status = await eventually(
    async () => {
      const s = await connectorStatus(w, name);
      return s && s.connector.state === state && s.tasks.length === tasks && s.tasks.every((t) => t.state === state) ? s : undefined;
    },
    timeoutMs,
    `${name} ${state} with ${tasks} tasks`,
  );
  return status!;
}

/** Sends a JSON request; answers status and parsed body. */
export async function request(method: string, url: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed };
}

/**
 * A state-changing request, sent again while the cluster answers 409 (a rebalance is under way),
 * as Kafka Connect's clients are told to.
 */
export async function write(method: string, url: string, body?: unknown, timeoutMs = 30000): Promise<{ status: number; body: any }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await request(method, url, body);
    if (res.status !== 409 || Date.now() > deadline || /already exists/.test(JSON.stringify(res.body))) return res;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** POST /connectors, retried while the cluster answers 409 (rebalancing) or is not ready. */
export async function createConnector(w: DistributedWorker, name: string, config: Record<string, string>): Promise<any> {
  return eventually(
    async () => {
      const res = await request('POST', `${w.restUrl}/connectors`, { name, config });
      if (res.status === 201) return res.body;
      if (res.status === 409 && /already exists/.test(JSON.stringify(res.body))) return res.body;
      if (res.status === 409 || res.status >= 500) return undefined;
      throw new Error(`POST /connectors answered ${res.status}: ${JSON.stringify(res.body)}`);
    },
    60000,
    `connector ${name} created`,
  );
}

/** Every line of every file a verifiable sink's tasks wrote in `dir`. */
export async function readSinkFiles(dir: string): Promise<Array<{ sinkTask: number; task: number; seqno: number }>> {
  const out: Array<{ sinkTask: number; task: number; seqno: number }> = [];
  let files: string[] = [];
  try {
    files = await readdir(dir);
  } catch {
    return out;
  }
  for (const f of files.filter((f) => f.endsWith('.jsonl'))) {
    for (const line of (await readFile(join(dir, f), 'utf8')).split('\n')) {
      if (line.trim()) out.push(JSON.parse(line) as { sinkTask: number; task: number; seqno: number });
    }
  }
  return out;
}

/**
 * Checks sequence numbers per source task: every number from 0 to the highest seen is there;
 * returns counts of missing and duplicated numbers.
 */
export function checkSequences(pairs: Iterable<{ task: number; seqno: number }>): {
  perTask: Map<number, { max: number; missing: number[]; duplicates: number[] }>;
  missing: number;
  duplicates: number;
} {
  const seen = new Map<number, Map<number, number>>();
  for (const { task, seqno } of pairs) {
    let m = seen.get(task);
    if (!m) seen.set(task, (m = new Map()));
    m.set(seqno, (m.get(seqno) ?? 0) + 1);
  }
  const perTask = new Map<number, { max: number; missing: number[]; duplicates: number[] }>();
  let missing = 0;
  let duplicates = 0;
  for (const [task, m] of seen) {
    // Not Math.max(...keys): a long run has more seqnos than a call may take arguments.
    let max = -1;
    for (const s of m.keys()) if (s > max) max = s;
    const miss: number[] = [];
    const dup: number[] = [];
    for (let s = 0; s <= max; s++) {
      const c = m.get(s) ?? 0;
      if (c === 0) miss.push(s);
      else if (c > 1) dup.push(s);
    }
    perTask.set(task, { max, missing: miss, duplicates: dup });
    missing += miss.length;
    duplicates += dup.length;
  }
  return { perTask, missing, duplicates };
}

export { eventually, freePort, getJson };

/** The worker that leads the group, as the workers' logs of their latest adopted assignment say. */
export function findLeader(c: Cluster, timeoutMs = 30000): Promise<DistributedWorker | undefined> {
  const leaderIdIn = (output: string): string | undefined => {
    const lines = output.split('\n').filter((l) => l.includes('"msg":"Adopted assignment"'));
    const last = lines[lines.length - 1];
    return last ? (JSON.parse(last) as { leader?: string }).leader : undefined;
  };
  return eventually<DistributedWorker | undefined>(
    () => c.workers.find((w) => /"msg":"Adopted assignment"/.test(w.output()) && leaderIdIn(w.output()) === w.workerId),
    timeoutMs,
    'a leader',
  );
}
