// Tests a plugin without a worker or Kafka: instantiate each class as the worker would, feed it
// records, look at what comes out. Run with `npm test`.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigException, SourceConnector, SourceRecord, Struct, type OffsetStorageReader } from 'kconnect';
import {
  CsvConverter,
  FieldMatches,
  GreetingSourceConnector,
  JsonFileConfigProvider,
  plugins,
  UppercaseValue,
} from '../src/index.js';
import { sign, VALUE_SCHEMA } from '../src/GreetingSourceTask.js';

const noOffsets: OffsetStorageReader = {
  offset: async () => null,
  offsets: async (partitions) => new Map(partitions.map((p) => [p, null])),
};

function greeting(name: string, message = `Hello ${name}`): SourceRecord {
  const value = new Struct(VALUE_SCHEMA).put('seq', 1).put('name', name).put('message', message);
  return new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: 't', valueSchema: VALUE_SCHEMA, value });
}

test('the manifest lists one class of each kind', () => {
  assert.deepEqual(plugins.map((p) => p.type).sort(),
    ['config_provider', 'converter', 'predicate', 'source', 'transformation', 'transformation']);
  assert.ok(new GreetingSourceConnector() instanceof SourceConnector);
});

test('the source connector checks its config and hands it to one task', () => {
  const connector = new GreetingSourceConnector();
  assert.throws(() => connector.start({ names: 'a' }), ConfigException); // topic is required
  connector.start({ topic: 'greetings', names: 'alice,bob' });
  assert.deepEqual(connector.taskConfigs(3), [{ topic: 'greetings', names: 'alice,bob' }]);
});

test('the source task greets each name in turn, signs, and stops at max.greetings', async () => {
  const task = new (new GreetingSourceConnector().taskClass())();
  task.initialize({ configs: () => ({}), offsetStorageReader: () => noOffsets });
  await task.start({ topic: 'greetings', names: 'alice,bob', 'max.greetings': '3', 'poll.interval.ms': '1', 'signing.secret': 's3cret' });
  const first = (await task.poll())!;
  const second = (await task.poll())!;
  assert.equal(await task.poll(), null);
  const values = [...first, ...second].map((r) => r.value as Struct);
  assert.deepEqual(values.map((v) => v.get('message')), ['Hello alice', 'Hello bob', 'Hello alice']);
  assert.equal(values[0]!.get('signature'), sign('s3cret', 'Hello alice'));
  assert.deepEqual(second[0]!.sourceOffset, { seq: 3 });
  await task.stop();
});

test('Uppercase$Value upper-cases one field and leaves the rest', () => {
  const t = new UppercaseValue<SourceRecord>();
  t.configure({ field: 'name' });
  const out = t.apply(greeting('alice'))!.value as Struct;
  assert.equal(out.get('name'), 'ALICE');
  assert.equal(out.get('message'), 'Hello alice');
});

test('FieldMatches matches the whole field value', () => {
  const p = new FieldMatches<SourceRecord>();
  p.configure({ field: 'name', pattern: 'al.*' });
  assert.equal(p.test(greeting('alice')), true);
  assert.equal(p.test(greeting('malice')), false);
});

test('CsvConverter writes a struct as one line and reads it back', () => {
  const c = new CsvConverter();
  c.configure({}, false);
  const bytes = c.fromConnectData('t', undefined, VALUE_SCHEMA, greeting('bob', 'Hi, "bob"').value);
  assert.equal(bytes!.toString(), '1,bob,"Hi, ""bob""",');
  assert.deepEqual(c.toConnectData('t', undefined, bytes).value, ['1', 'bob', 'Hi, "bob"', '']);
  assert.equal(c.fromConnectData('t', undefined, null, null), null);
});

test('JsonFileConfigProvider reads dotted keys from a JSON file', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'greetings-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'secrets.json');
  await writeFile(file, JSON.stringify({ signing: { secret: 's3cret' }, port: 5432 }));
  const p = new JsonFileConfigProvider();
  p.configure({});
  const got = await p.get(file, new Set(['signing.secret', 'port', 'missing']));
  assert.deepEqual(got.data, { 'signing.secret': 's3cret', port: '5432' });
});
