// The comparison stays honest: the same 1,000 lines through kconnect and through Apache Kafka Connect
// (scripts/connect-java.sh, fetched with mvn if missing) give the same sink file, line for line and in
// order, for both pipelines of `npm run bench:compare` (plain, and with the three-transform chain).
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fetchKafkaConnect, inputLine, runFilePipeline, writeInputFile } from '../../scripts/bench/lib.js';

const LINES = 1000;
let dir = '';
let input = '';

before(async () => {
  fetchKafkaConnect();
  dir = await mkdtemp(join(tmpdir(), 'bench-compare-test-'));
  input = join(dir, 'input.txt');
  await writeInputFile(input, LINES);
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function sinkLines(transforms: boolean): Promise<{ kconnect: string[]; kafkaConnect: string[] }> {
  // both runtimes at once (own topics, own folders): the check is of content, not speed
  const [k, j] = await Promise.all([
    runFilePipeline('kconnect', { input, lines: LINES, transforms, keep: true }),
    runFilePipeline('kafka-connect', { input, lines: LINES, transforms, keep: true }),
  ]);
  try {
    const read = async (f: string) => (await readFile(f, 'utf8')).split('\n').slice(0, -1);
    return { kconnect: await read(k.sinkFile), kafkaConnect: await read(j.sinkFile) };
  } finally {
    await rm(k.dir, { recursive: true, force: true });
    await rm(j.dir, { recursive: true, force: true });
  }
}

function assertSameLines(got: { kconnect: string[]; kafkaConnect: string[] }, expected: (i: number) => string): void {
  assert.equal(got.kafkaConnect.length, LINES);
  assert.equal(got.kconnect.length, LINES);
  const firstDiff = got.kconnect.findIndex((line, i) => line !== got.kafkaConnect[i]);
  assert.equal(firstDiff, -1, `line ${firstDiff + 1} differs: kconnect ${JSON.stringify(got.kconnect[firstDiff])}, Kafka Connect ${JSON.stringify(got.kafkaConnect[firstDiff])}`);
  for (const i of [0, 1, LINES - 1]) assert.equal(got.kafkaConnect[i], expected(i));
}

test('FileStreamSource → topic → FileStreamSink: the same sink file from both runtimes', { timeout: 120_000 }, async () => {
  assertSameLines(await sinkLines(false), (i) => inputLine(i).slice(0, -1));
});

test('with HoistField, InsertField and TimestampRouter: the same sink file from both runtimes', { timeout: 120_000 }, async () => {
  assertSameLines(await sinkLines(true), (i) => `Struct{line=${inputLine(i).slice(0, -1)},source=bench}`);
});
