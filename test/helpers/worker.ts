import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootstrapServers } from './kafka.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

export function toProperties(props: Record<string, string>): string {
  const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
  return Object.entries(props).map(([k, v]) => `${esc(k)}=${esc(v)}`).join('\n') + '\n';
}

export interface RunningWorker {
  restUrl: string;
  dir: string;
  offsetsFile: string;
  process: ChildProcess;
  /** SIGTERM and wait for a clean exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: the process gets no chance to flush anything. */
  kill(): Promise<void>;
  output(): string;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

export interface WorkerOptions {
  workerProps?: Record<string, string>;
  connectors?: Record<string, string>[];
  /** Reuse a folder (and so its offsets file) across restarts. */
  dir?: string;
  /** Extra environment, e.g. KCONNECT_LOG_LEVEL. */
  env?: Record<string, string>;
  /** Wait until the REST API answers (default true). */
  waitReady?: boolean;
}

/** Starts a real connect-standalone process against the test broker, with its own port and folder. */
export async function startStandaloneWorker(opts: WorkerOptions = {}): Promise<RunningWorker> {
  const dir = opts.dir ?? (await mkdtemp(join(tmpdir(), 'kconnect-worker-')));
  const port = await freePort();
  const offsetsFile = join(dir, 'connect.offsets');
  const workerProps: Record<string, string> = {
    'bootstrap.servers': bootstrapServers(),
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'key.converter.schemas.enable': 'true',
    'value.converter.schemas.enable': 'true',
    'offset.storage.file.filename': offsetsFile,
    'offset.flush.interval.ms': '1000',
    listeners: `http://127.0.0.1:${port}`,
    ...opts.workerProps,
  };
  const workerFile = join(dir, 'worker.properties');
  await writeFile(workerFile, toProperties(workerProps));
  const connectorFiles: string[] = [];
  for (const [i, c] of (opts.connectors ?? []).entries()) {
    const f = join(dir, `connector-${i}.properties`);
    await writeFile(f, toProperties(c));
    connectorFiles.push(f);
  }
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'connect-standalone.js'), workerFile, ...connectorFiles], {
    cwd: dir,
    env: { ...process.env, KCONNECT_LOG_LEVEL: 'info', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { output, waitForOutput } = watchOutput(child, 'worker');
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));

  const worker: RunningWorker = {
    restUrl: `http://127.0.0.1:${port}`,
    dir,
    offsetsFile,
    process: child,
    output,
    waitForOutput,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  if (opts.waitReady !== false) {
    await Promise.race([
      waitForOutput(/Kafka Connect started/, 60000),
      exited.then((code) => {
        throw new Error(`worker exited with ${code} before it was ready; output:\n${output().slice(-4000)}`);
      }),
    ]);
  }
  return worker;
}

/**
 * Collects a child process's stdout and stderr (each chunk also to `tee`), and waits for a pattern
 * to appear in them: the one way the worker helpers (standalone and distributed) wait for a log line.
 */
export function watchOutput(child: ChildProcess, label: string, tee?: (chunk: Buffer) => void): {
  output: () => string;
  waitForOutput: (pattern: RegExp, timeoutMs?: number) => Promise<void>;
} {
  let out = '';
  const waiters = new Set<() => void>();
  const onData = (b: Buffer) => {
    tee?.(b);
    out += b.toString();
    for (const w of waiters) w();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const waitForOutput = (pattern: RegExp, timeoutMs = 30000) =>
    new Promise<void>((res, rej) => {
      const check = () => {
        if (pattern.test(out)) {
          waiters.delete(check);
          clearTimeout(timer);
          res();
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        rej(new Error(`${label} output did not match ${pattern} within ${timeoutMs} ms; output:\n${out.slice(-4000)}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  return { output: () => out, waitForOutput };
}

/** The lines of a text file (a FileStreamSink's output), none while it does not exist yet. */
export async function lines(file: string): Promise<string[]> {
  try {
    const text = await readFile(file, 'utf8');
    return text === '' ? [] : text.replace(/\n$/, '').split('\n');
  } catch {
    return [];
  }
}

/** Polls until fn returns a truthy value, or fails with the last value seen. */
export async function eventually<T>(fn: () => Promise<T> | T, timeoutMs = 30000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      last = await fn();
      if (last) return last as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function getJson(url: string): Promise<{ status: number; body: any }> {
  const res = await fetch(url);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
