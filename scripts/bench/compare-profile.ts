// Where kconnect's time goes in a bench:compare pipeline: runs scenario 1, 2 or 4 once through
// kconnect with `node --cpu-prof`, then sums each thread's profile (the main thread and every task's
// worker thread write their own) by function and by area (a package in node_modules, a room of src/,
// Node's internals, GC, idle). Scenario 4 (AvroConverter) needs SCHEMA_REGISTRY_URL.
//
//   KAFKA_BOOTSTRAP=127.0.0.1:9092 node dist/scripts/bench/compare-profile.js [--scenario 1|2|4] [--lines N] [--top N] [--keep]
//
// --keep leaves the .cpuprofile files (open them in Chrome DevTools' Performance panel) and prints their folder.

import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AVRO_CONVERTER, repoRoot, runFilePipeline, writeInputFile } from './lib.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The part of the program a script URL belongs to. */
export function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return `node_modules/${nm[1]}`;
  const ours = /\/dist\/(src\/[^/]+|connectors\/[^/]+|transforms|predicates|[^/]+)/.exec(url);
  return ours ? ours[1]! : url;
}

function shortUrl(url: string): string {
  return url.replace(/^file:\/\//, '').replace(`${repoRoot}/`, '').replace(/^.*node_modules\//, '');
}

export interface ProfileSummary {
  totalMs: number;
  functions: { name: string; selfMs: number }[];
  areas: { area: string; selfMs: number }[];
}

/** Self time per function and per area, largest first. */
export function summarize(profile: CpuProfile): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const fn = new Map<string, number>();
  const area = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]!);
    const us = profile.timeDeltas[i + 1] ?? 0; // the time until the next sample belongs to this one
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = url ? `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}` : functionName;
    fn.set(name, (fn.get(name) ?? 0) + us);
    const a = areaOf(url, functionName);
    area.set(a, (area.get(a) ?? 0) + us);
    total += us;
  }
  const sorted = (m: Map<string, number>) => [...m].sort((x, y) => y[1] - x[1]);
  return {
    totalMs: total / 1000,
    functions: sorted(fn).map(([name, us]) => ({ name, selfMs: us / 1000 })),
    areas: sorted(area).map(([a, us]) => ({ area: a, selfMs: us / 1000 })),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', default: '1' },
      lines: { type: 'string', default: process.env.BENCH_LINES ?? '1000000' },
      top: { type: 'string', default: '25' },
      keep: { type: 'boolean', default: false },
    },
  });
  const lines = Number(values.lines);
  const work = await mkdtemp(join(tmpdir(), 'bench-profile-'));
  const profDir = join(work, 'prof');
  try {
    const input = join(work, 'input.txt');
    await writeInputFile(input, lines);
    const scenario = values.scenario!;
    let converters: Record<string, string> | undefined;
    if (scenario === '4') {
      const url = process.env.SCHEMA_REGISTRY_URL;
      if (!url) throw new Error('scenario 4 needs a schema registry: set SCHEMA_REGISTRY_URL');
      converters = { 'value.converter': AVRO_CONVERTER, 'value.converter.schema.registry.url': url };
    }
    const r = await runFilePipeline('kconnect', {
      input, lines, transforms: scenario !== '1', converters, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profDir}`],
    });
    console.log(`kconnect, scenario ${scenario}, ${lines.toLocaleString('en-US')} lines, profiling on: ` +
      `${Math.round(r.recordsPerSec).toLocaleString('en-US')} records/s, CPU ${r.cpuSeconds.toFixed(1)} s`);
    // One file per thread: CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile (thread 0 is the main one).
    const files = (await readdir(profDir)).filter((f) => f.endsWith('.cpuprofile')).sort();
    if (files.length === 0) throw new Error(`no .cpuprofile in ${profDir}: did the worker exit cleanly?`);
    for (const file of files) {
      const s = summarize(JSON.parse(await readFile(join(profDir, file), 'utf8')) as CpuProfile);
      const idle = s.areas.find((a) => a.area === '(idle)')?.selfMs ?? 0;
      const busy = s.totalMs - idle;
      if (busy < 0.02 * s.totalMs) continue; // a thread that hardly ran
      const pct = (ms: number) => `${((100 * ms) / busy).toFixed(1).padStart(5)}%`;
      const thread = /\.(\d+)\.\d+\.cpuprofile$/.exec(file)?.[1] ?? '?';
      console.log(`\nthread ${thread}${thread === '0' ? ' (main)' : ''}: ${(busy / 1000).toFixed(1)} s busy of ${(s.totalMs / 1000).toFixed(1)} s sampled; share of busy time:`);
      console.log('  self time by area:');
      for (const a of s.areas.filter((x) => x.area !== '(idle)').slice(0, 15)) console.log(`  ${pct(a.selfMs)} ${a.selfMs.toFixed(0).padStart(7)} ms  ${a.area}`);
      console.log(`  top ${values.top} functions by self time:`);
      for (const f of s.functions.filter((x) => x.name !== '(idle)').slice(0, Number(values.top))) console.log(`  ${pct(f.selfMs)} ${f.selfMs.toFixed(0).padStart(7)} ms  ${f.name}`);
    }
    if (values.keep) console.log(`\nprofiles: ${profDir}`);
  } finally {
    if (!values.keep) await rm(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
