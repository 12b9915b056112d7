// GET/PATCH/DELETE /connectors/{name}/offsets (KIP-875) against a real worker and Kafka: source
// offsets in the offsets file, sink offsets in the consumer group, STOPPED-only changes, and the
// connector really resuming from what was written.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consumeAll, createTopic, produce, uniqueTopic } from '../helpers/kafka.js';
import { assertError, rest } from '../helpers/rest.js';
import { eventually, startStandaloneWorker, type RunningWorker, lines } from '../helpers/worker.js';

let worker: RunningWorker;
let url: string;
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kconnect-rest-offsets-'));
  worker = await startStandaloneWorker({ dir });
  url = worker.restUrl;
});

after(async () => {
  assert.equal(await worker.stop(), 0);
});

const NOT_STOPPED = (name: string) =>
  'Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified ' +
  `connector by issuing a 'PUT' request to the '/connectors/${name}/stop' endpoint`;

async function state(name: string): Promise<string> {
  return (await rest('GET', `${url}/connectors/${name}/status`)).body.connector.state;
}

async function stop(name: string): Promise<void> {
  assert.equal((await rest('PUT', `${url}/connectors/${name}/stop`)).status, 204);
  await eventually(async () => (await state(name)) === 'STOPPED', 30000, `${name} STOPPED`);
}

async function offsets(name: string): Promise<any> {
  const res = await rest('GET', `${url}/connectors/${name}/offsets`);
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(Object.keys(res.body), ['offsets']);
  return res.body;
}

const patch = (name: string, body: unknown) => rest('PATCH', `${url}/connectors/${name}/offsets`, { json: body });

describe('source connector offsets', () => {
  test('read while running, changed only when STOPPED, and the connector resumes from what was written', async () => {
    const name = `offsets-src-${process.pid}`;
    const topic = await createTopic(uniqueTopic('rest-offsets-src'));
    const file = join(dir, 'source.txt');
    await writeFile(file, 'one\ntwo\n');
    const created = await rest('POST', `${url}/connectors`, {
      json: { name, config: { 'connector.class': 'FileStreamSource', 'tasks.max': '1', file, topic } },
    });
    assert.equal(created.status, 201, created.text);
    await consumeAll(topic, { expected: 2 });

    const running = (await eventually(async () => {
      const body = await offsets(name);
      return body.offsets[0]?.offset?.position === 8 ? body : false;
    }, 30000, 'the committed source offset')) as { offsets: unknown[] };
    assert.deepEqual(running, { offsets: [{ partition: { filename: file }, offset: { position: 8 } }] });

    const target = { offsets: [{ partition: { filename: file }, offset: { position: 4 } }] };
    assertError(await patch(name, target), 400, NOT_STOPPED(name));
    assertError(await rest('DELETE', `${url}/connectors/${name}/offsets`), 400, NOT_STOPPED(name));
    assert.equal((await rest('PUT', `${url}/connectors/${name}/pause`)).status, 202);
    await eventually(async () => (await state(name)) === 'PAUSED', 30000, 'PAUSED');
    assertError(await patch(name, target), 400, NOT_STOPPED(name));
    assert.deepEqual(await offsets(name), running, 'nothing changed');

    await stop(name);
    // Request bodies Kafka's OffsetsApiIntegrationTest rejects.
    const invalid: Array<[unknown, RegExp]> = [
      [{}, /^Partitions \/ offsets need to be provided for an alter offsets request$/],
      [{ offsets: [] }, /^Partitions \/ offsets need to be provided for an alter offsets request$/],
      [[], /body/],
      [{ key: [] }, /body/],
      [{ offsets: {} }, /body/],
      [{ offsets: [123] }, /body/],
      [{ offsets: [{ key: 'val' }] }, /body/],
      [{ offsets: [{ partition: [] }] }, /body/],
      [{ offsets: [{ partition: { filename: { nested: true } }, offset: { position: 1 } }] }, /Offsets may only contain primitive types as values, but field filename contains MAP/],
      [{ offsets: [{ partition: null, offset: { position: 1 } }] }, /partition for a source connector offset cannot be null or missing/],
      [{ offsets: [{ partition: { filename: file }, offset: { position: -1 } }] }, new RegExp(`^Failed to modify offsets for connector ${name}: The offset of a FileStreamSource`)],
    ];
    for (const [body, message] of invalid) assertError(await patch(name, body), 400, message);
    assert.deepEqual(await offsets(name), running, 'no rejected request changed the offsets');

    const altered = await patch(name, target);
    assert.equal(altered.status, 200, altered.text);
    assert.deepEqual(altered.body, { message: 'The offsets for this connector have been altered successfully' });
    assert.deepEqual(await offsets(name), target);

    // Resumed, the task starts at byte 4: "two" is read again.
    assert.equal((await rest('PUT', `${url}/connectors/${name}/resume`)).status, 202);
    const after = await consumeAll(topic, { expected: 3 });
    assert.deepEqual(after.map((r) => JSON.parse(r.value!.toString()).payload), ['one', 'two', 'two']);
    await eventually(async () => (await offsets(name)).offsets[0]?.offset?.position === 8, 30000, 'offset back at 8');

    await stop(name);
    const reset = await rest('DELETE', `${url}/connectors/${name}/offsets`);
    assert.equal(reset.status, 200);
    assert.deepEqual(reset.body, { message: 'The offsets for this connector have been reset successfully' });
    assert.deepEqual(await offsets(name), { offsets: [] });
    const again = await rest('DELETE', `${url}/connectors/${name}/offsets`);
    assert.equal(again.status, 200, 'a reset is idempotent');
    // A partition can also be removed alone with a null offset.
    assert.equal((await patch(name, { offsets: [{ partition: { filename: file }, offset: null }] })).status, 200);

    assert.equal((await rest('PUT', `${url}/connectors/${name}/resume`)).status, 202);
    const replayed = await consumeAll(topic, { expected: 5 });
    assert.deepEqual(replayed.slice(3).map((r) => JSON.parse(r.value!.toString()).payload), ['one', 'two'], 'read from the start after the reset');
  });
});

describe('sink connector offsets', () => {
  test('the consumer group connect-<name>: read, altered, partially removed, reset', async () => {
    const name = `offsets-sink-${process.pid}`;
    const topic = await createTopic(uniqueTopic('rest-offsets-sink'));
    await produce(topic, ['a', 'b', 'c'].map((v) => ({ value: Buffer.from(v) })));
    const out = join(dir, 'sink.txt');
    const created = await rest('POST', `${url}/connectors`, {
      json: {
        name,
        config: {
          'connector.class': 'FileStreamSink', 'tasks.max': '1', file: out, topics: topic,
          'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
          'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
        },
      },
    });
    assert.equal(created.status, 201, created.text);
    await eventually(async () => (await lines(out)).length === 3, 30000, 'three lines in the sink file');

    const committed = { offsets: [{ partition: { kafka_topic: topic, kafka_partition: 0 }, offset: { kafka_offset: 3 } }] };
    await eventually(async () => JSON.stringify(await offsets(name)) === JSON.stringify(committed), 30000, 'the committed group offset');

    const target = { offsets: [{ partition: { kafka_topic: topic, kafka_partition: 0 }, offset: { kafka_offset: 1 } }] };
    assertError(await patch(name, target), 400, NOT_STOPPED(name));

    await stop(name);
    // The messages of Kafka's SinkUtils, checked by its OffsetsApiIntegrationTest.
    const invalid: Array<[unknown, string]> = [
      [{}, 'Partitions / offsets need to be provided for an alter offsets request'],
      [{ offsets: [] }, 'Partitions / offsets need to be provided for an alter offsets request'],
      [{ offsets: [{}] }, 'The partition for a sink connector offset cannot be null or missing'],
      [{ offsets: [{ partition: null, offset: null }] }, 'The partition for a sink connector offset cannot be null or missing'],
      [{ offsets: [{ partition: {}, offset: null }] }, "The partition for a sink connector offset must contain the keys 'kafka_topic' and 'kafka_partition'"],
      [
        { offsets: [{ partition: { kafka_topic: 'test', kafka_partition: 'not a number' }, offset: null }] },
        "Failed to parse the following Kafka partition value in the provided offsets: 'not a number'. Partition values for sink connectors need to be integers.",
      ],
      [
        { offsets: [{ partition: { kafka_topic: 'test', kafka_partition: 1 }, offset: {} }] },
        "The offset for a sink connector should either be null or contain the key 'kafka_offset'",
      ],
      [
        { offsets: [{ partition: { kafka_topic: 'test', kafka_partition: 1 }, offset: { kafka_offset: 'not a number' } }] },
        "Failed to parse the following Kafka offset value in the provided offsets: 'not a number'. Offset values for sink connectors need to be integers.",
      ],
    ];
    for (const [body, message] of invalid) assertError(await patch(name, body), 400, message);
    assert.deepEqual(await offsets(name), committed);

    // "1" and 1 are both accepted, as in Kafka.
    const altered = await patch(name, { offsets: [{ partition: { kafka_topic: topic, kafka_partition: '0' }, offset: { kafka_offset: '1' } }] });
    assert.equal(altered.status, 200, altered.text);
    assert.deepEqual(altered.body, { message: 'The offsets for this connector have been altered successfully' });
    assert.deepEqual(await offsets(name), target);

    assert.equal((await rest('PUT', `${url}/connectors/${name}/resume`)).status, 202);
    await eventually(async () => (await lines(out)).length === 5, 30000, 'b and c written again');
    assert.deepEqual(await lines(out), ['a', 'b', 'c', 'b', 'c']);

    await stop(name);
    const removed = await patch(name, { offsets: [{ partition: { kafka_topic: topic, kafka_partition: 0 }, offset: null }] });
    assert.equal(removed.status, 200, removed.text);
    assert.deepEqual(await offsets(name), { offsets: [] });

    assert.equal((await patch(name, target)).status, 200);
    const reset = await rest('DELETE', `${url}/connectors/${name}/offsets`);
    assert.equal(reset.status, 200, reset.text);
    assert.deepEqual(reset.body, { message: 'The offsets for this connector have been reset successfully' });
    assert.deepEqual(await offsets(name), { offsets: [] });
    assert.equal((await rest('DELETE', `${url}/connectors/${name}/offsets`)).status, 200, 'a reset is idempotent');
  });
});
