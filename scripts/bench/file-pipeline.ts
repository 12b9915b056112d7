// FileStreamSource -> Kafka -> FileStreamSink, 1,000,000 lines of ~100 bytes (BENCH_LINES), JsonConverter
// with schemas enabled: records/s end to end, time to first record, and the worker's peak RSS and CPU.
// kconnect only; `npm run bench:compare` runs the same pipeline through Apache Kafka Connect as well.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFilePipeline, writeInputFile } from './lib.js';

const N = Number(process.env.BENCH_LINES ?? 1_000_000);

const dir = await mkdtemp(join(tmpdir(), 'kconnect-bench-'));
const input = join(dir, 'input.txt');
const inputBytes = await writeInputFile(input, N);
const r = await runFilePipeline('kconnect', { input, lines: N, transforms: false, env: { KCONNECT_LOG_LEVEL: 'warn' } });
await rm(dir, { recursive: true, force: true });
console.log(
  `FileStreamSource -> Kafka -> FileStreamSink, JsonConverter schemas on, ${N.toLocaleString('en')} lines (${(inputBytes / 1e6).toFixed(0)} MB): ` +
    `${Math.round(r.recordsPerSec).toLocaleString('en')} records/s end to end (${r.seconds.toFixed(1)} s), ` +
    `first record ${r.firstRecordMs} ms after spawn, peak RSS ${r.peakRssMb.toFixed(0)} MB, CPU ${r.cpuSeconds.toFixed(1)} s`,
);
