/**
 * Prometheus for the metrics tests: a parser for the text format, `promtool check metrics`, and a
 * real Prometheus server (Debian's `prometheus`, which scripts/test.sh installs) scraping a worker.
 *
 *   const samples = parseMetrics(await (await fetch(`${url}/metrics`)).text());
 *   value(samples, 'kafka_connect_source_task_source_record_poll_total', { connector: 'src' });
 *   const prom = await startPrometheus(`127.0.0.1:${port}`, { strimzi_io_cluster: 'c' });
 *   const result = await prom.query('sum(kafka_connect_worker_connector_count)');
 *   await prom.stop();
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './worker.js';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export function parseMetrics(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

/** The samples of `name` whose labels include `labels`. */
export function find(samples: Sample[], name: string, labels: Record<string, string> = {}): Sample[] {
  return samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

/** The one value of `name` with `labels`; throws when there is not exactly one. */
export function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = find(samples, name, labels);
  if (found.length !== 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
  return found[0]!.value;
}

export const PROMETHEUS = '/usr/bin/prometheus';
export const PROMTOOL = '/usr/bin/promtool';

function requireBinary(path: string): void {
  if (!existsSync(path)) throw new Error(`${path} is missing: scripts/test.sh installs Debian's prometheus package (apt-get install prometheus)`);
}

/** `promtool check metrics`: its exit code and the problems it names, one per line. */
export function promtoolCheck(text: string): { status: number | null; problems: string[] } {
  requireBinary(PROMTOOL);
  const r = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' });
  const problems = `${r.stdout}${r.stderr}`.split('\n').map((l) => l.trim()).filter(Boolean);
  return { status: r.status, problems };
}

export interface RunningPrometheus {
  url: string;
  /** An instant query; the result vector. */
  query(expr: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
  stop(): Promise<void>;
  output(): string;
}

/** A Prometheus server scraping `target` (host:port, path /metrics) every second, with `labels` on every series. */
export async function startPrometheus(target: string, labels: Record<string, string>): Promise<RunningPrometheus> {
  requireBinary(PROMETHEUS);
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-prom-'));
  const port = await freePort();
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  evaluation_interval: 1s',
    'scrape_configs:',
    '  - job_name: kconnect',
    '    static_configs:',
    `      - targets: ['${target}']`,
    '        labels:',
    ...Object.entries(labels).map(([k, v]) => `          ${k}: '${v}'`),
    '',
  ].join('\n');
  await writeFile(join(dir, 'prometheus.yml'), config);
  const child = spawn(PROMETHEUS, [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<void>((res) => child.on('exit', () => res()));
  const url = `http://127.0.0.1:${port}`;
  const prom: RunningPrometheus = {
    url,
    output: () => out,
    async query(expr) {
      const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
      const body = (await res.json()) as { status: string; error?: string; data?: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
      if (body.status !== 'success') throw new Error(`query ${expr} failed: ${body.error}`);
      return body.data!.result;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + 30000;
  for (;;) {
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return prom;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      await prom.stop();
      throw new Error(`prometheus did not become ready; output:\n${out.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
