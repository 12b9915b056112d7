// FileStreamSource -> Kafka -> FileStreamSink, 1,000,000 lines of ~100 bytes, JsonConverter with
// schemas enabled: records/s end to end, time to first record, and the worker's peak RSS.
import { open, stat, writeFile, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uniqueTopic, consumeAll } from '../../test/helpers/kafka.js';
import { startStandaloneWorker } from '../../test/helpers/worker.js';

const N = Number(process.env.BENCH_LINES ?? 1_000_000);

/** Peak resident set size of a process, from the kernel's high-water mark. */
export async function peakRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const m = /VmHWM:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) / 1024 : NaN;
}

export async function cpuSeconds(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime in clock ticks (100 Hz)
}

async function countLines(file: string): Promise<number> {
  let fh;
  try {
    fh = await open(file, 'r');
  } catch {
    return 0;
  }
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let n = 0;
    let pos = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) return n;
      for (let i = 0; i < bytesRead; i++) if (buf[i] === 10) n++;
      pos += bytesRead;
    }
  } finally {
    await fh.close();
  }
}

export async function runFilePipeline(extraSource: Record<string, string> = {}, label = 'file pipeline') {
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-bench-'));
  const topic = uniqueTopic('bench');
  const input = join(dir, 'input.txt');
  const sinkFile = join(dir, 'sink.txt');
  const pad = 'x'.repeat(86);
  let text = '';
  const parts: string[] = [];
  for (let i = 0; i < N; i++) {
    text += `${String(i).padStart(10, '0')}-${pad}\n`; // 98 bytes + newline
    if (text.length > 1 << 22) {
      parts.push(text);
      text = '';
    }
  }
  parts.push(text);
  await writeFile(input, parts.join(''));
  const inputBytes = (await stat(input)).size;

  const spawnedAt = Date.now();
  const worker = await startStandaloneWorker({
    dir,
    env: { KCONNECT_LOG_LEVEL: 'warn' },
    waitReady: false,
    connectors: [
      { name: `bench-src-${topic}`, 'connector.class': 'FileStreamSource', 'tasks.max': '1', file: input, topic, ...extraSource },
      { name: `bench-sink-${topic}`, 'connector.class': 'FileStreamSink', 'tasks.max': '1', file: sinkFile, topics: topic },
    ],
  });
  const pid = worker.process.pid!;
  let done = 0;
  const deadline = Date.now() + 600_000;
  while (done < N && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    done = await countLines(sinkFile);
  }
  const finishedAt = Date.now();
  const rss = await peakRssMb(pid);
  const cpu = await cpuSeconds(pid);
  await worker.stop();
  if (done < N) throw new Error(`${label}: only ${done} of ${N} lines reached the sink; output:\n${worker.output().slice(-3000)}`);
  // The source stamps each record when it polls it: the first one is the pipeline's start.
  const first = (await firstTimestamp(topic)) ?? spawnedAt;
  const seconds = (finishedAt - first) / 1000;
  return {
    label,
    records: N,
    inputMb: inputBytes / 1e6,
    recordsPerSec: N / seconds,
    seconds,
    firstRecordMs: first - spawnedAt,
    peakRssMb: rss,
    cpuSeconds: cpu,
  };
}

async function firstTimestamp(topic: string): Promise<number | undefined> {
  const [first] = await consumeAll(topic, { expected: 1, timeoutMs: 20000 });
  return first ? Number(first.timestamp) : undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runFilePipeline();
  console.log(
    `FileStreamSource -> Kafka -> FileStreamSink, JsonConverter schemas on, ${r.records.toLocaleString('en')} lines (${r.inputMb.toFixed(0)} MB): ` +
      `${Math.round(r.recordsPerSec).toLocaleString('en')} records/s end to end (${r.seconds.toFixed(1)} s), ` +
      `first record ${r.firstRecordMs} ms after spawn, peak RSS ${r.peakRssMb.toFixed(0)} MB, CPU ${r.cpuSeconds.toFixed(1)} s`,
  );
}
