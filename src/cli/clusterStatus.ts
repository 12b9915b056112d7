// `kconnect ls` and `kconnect status`: a cluster at a glance, over the public REST API.
//
//   kconnect ls [--url http://host:8083]                 one line per connector: name, type, state, tasks
//   kconnect status [--url …] [connector …]             worker, health, workers, connectors and their tasks
//
// Tables on stdout; states in colour when stdout is a terminal (NO_COLOR turns it off). The URL
// defaults to $KCONNECT_URL, else http://localhost:8083. Exit 1 when the worker cannot be reached.

import { parseArgs } from 'node:util';

interface StateInfo {
  state: string;
  worker_id: string;
  trace?: string;
  restart_attempts?: number;
}
interface Status {
  name: string;
  type: string;
  connector: StateInfo;
  tasks: Array<StateInfo & { id: number }>;
}

const COLOURS: Record<string, number> = { RUNNING: 32, PAUSED: 33, STOPPED: 33, RESTARTING: 33, FAILED: 31, UNASSIGNED: 31, DESTROYED: 31, healthy: 32, starting: 33, unhealthy: 31 };

function painter(enabled: boolean): (state: string) => string {
  return (state) => (enabled && COLOURS[state] ? `\u001b[${COLOURS[state]}m${state}\u001b[0m` : state);
}

/** Visible width (colour codes take no room). */
const width = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '').length;

/** Left-aligned columns, two spaces apart. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i]! - width(c)))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

async function get(base: string, path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(new URL(path, base));
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  return { status: res.status, body };
}

function taskSummary(tasks: Status['tasks'], paint: (s: string) => string): string {
  if (tasks.length === 0) return '-';
  const counts = new Map<string, number>();
  for (const t of tasks) counts.set(t.state, (counts.get(t.state) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${n} ${paint(s)}`).join(', ');
}

async function statuses(base: string, only: string[]): Promise<Status[]> {
  const { status, body } = await get(base, 'connectors?expand=status');
  if (status !== 200) throw new Error(`GET /connectors answered ${status}: ${body?.message ?? ''}`);
  const all = Object.values(body as Record<string, { status: Status }>).map((e) => e.status);
  for (const name of only) if (!all.some((s) => s.name === name)) throw new Error(`No connector named ${name}`);
  return all.filter((s) => only.length === 0 || only.includes(s.name)).sort((a, b) => a.name.localeCompare(b.name));
}

export async function clusterCommand(command: 'ls' | 'status', args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { url: { type: 'string' } }, allowPositionals: true, strict: true });
  const base = (values.url ?? process.env['KCONNECT_URL'] ?? 'http://localhost:8083').replace(/\/?$/, '/');
  const paint = painter(process.stdout.isTTY === true && !process.env['NO_COLOR']);
  let list: Status[];
  try {
    list = await statuses(base, positionals);
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    process.stderr.write(`Cannot read the cluster at ${base}: ${cause?.code ?? cause?.message ?? (err as Error).message}\n`);
    return 1;
  }
  if (command === 'ls') {
    process.stdout.write(table(['NAME', 'TYPE', 'STATE', 'TASKS'], list.map((s) => [s.name, s.type, paint(s.connector.state), taskSummary(s.tasks, paint)])));
    return 0;
  }

  const [root, health] = await Promise.all([get(base, ''), get(base, 'health')]);
  process.stdout.write(`Worker ${base} — Kafka Connect ${root.body?.version ?? '?'}, Kafka cluster ${root.body?.kafka_cluster_id ?? '?'}, ${paint(health.body?.status ?? `HTTP ${health.status}`)}\n\n`);
  const workers = new Map<string, { connectors: number; tasks: number; failed: number }>();
  const count = (w: string, what: 'connectors' | 'tasks', failed: boolean) => {
    const c = workers.get(w) ?? { connectors: 0, tasks: 0, failed: 0 };
    c[what]++;
    if (failed) c.failed++;
    workers.set(w, c);
  };
  for (const s of list) {
    count(s.connector.worker_id, 'connectors', s.connector.state === 'FAILED');
    for (const t of s.tasks) count(t.worker_id, 'tasks', t.state === 'FAILED');
  }
  if (workers.size > 0) {
    process.stdout.write(table(['WORKER', 'CONNECTORS', 'TASKS', 'FAILED'], [...workers].sort().map(([w, c]) => [w, String(c.connectors), String(c.tasks), String(c.failed)])) + '\n');
  }
  const rows: string[][] = [];
  for (const s of list) {
    rows.push([s.name, '', s.type, paint(s.connector.state), s.connector.worker_id, firstLine(s.connector.trace)]);
    for (const t of s.tasks) {
      const note = [t.restart_attempts ? `restarted ${t.restart_attempts}×` : '', firstLine(t.trace)].filter(Boolean).join('; ');
      rows.push(['', String(t.id), '', paint(t.state), t.worker_id, note]);
    }
  }
  process.stdout.write(list.length === 0 ? 'No connectors.\n' : table(['CONNECTOR', 'TASK', 'TYPE', 'STATE', 'WORKER', 'ERROR'], rows));
  return 0;
}

function firstLine(trace: string | undefined): string {
  const line = trace?.split('\n', 1)[0] ?? '';
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}
