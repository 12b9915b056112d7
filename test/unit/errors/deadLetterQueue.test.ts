import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DataException } from '../../../src/data/errors.js';
import { Schema } from '../../../src/data/Schema.js';
import { SchemaBuilder } from '../../../src/data/SchemaBuilder.js';
import { SourceRecord } from '../../../src/data/SourceRecord.js';
import { Struct } from '../../../src/data/Struct.js';
import { ConnectHeaders } from '../../../src/data/Headers.js';
import { consumedDlqMessage, DeadLetterQueueReporter, type DeadLetterQueueOptions } from '../../../src/runtime/errors/deadLetterQueue.js';
import { LogReporter, type ReportedFailure } from '../../../src/runtime/errors/reporters.js';
import { SourceRecordJsonEncoder } from '../../../src/runtime/errors/sourceDeadLetter.js';
import { errorHandlingConfig } from '../../../src/runtime/errors/factory.js';
import { FakeAdmin, FakeProducer, recordingLogger, settle } from './helpers.js';

const ID = { connector: 'orders-sink', task: 2 };

function failure(offset: number, extra: Partial<ReportedFailure> = {}): ReportedFailure {
  return {
    error: new DataException(`bad record ${offset}`),
    stage: 'VALUE_CONVERTER',
    executingClass: 'org.apache.kafka.connect.json.JsonConverter',
    tolerated: true,
    consumed: {
      topic: 'orders',
      partition: 3,
      offset,
      timestamp: 1700000000000,
      key: Buffer.from('k'),
      value: Buffer.from([0xff, 0x00, offset]),
      headers: [['trace', Buffer.from('abc')], ['trace', Buffer.from('def')], ['empty', null]],
    },
    ...extra,
  };
}

function dlq(o: Partial<DeadLetterQueueOptions> = {}) {
  const producer = new FakeProducer();
  const admin = new FakeAdmin();
  const { logger, lines } = recordingLogger();
  const reporter = new DeadLetterQueueReporter({
    id: ID,
    topic: ' orders-dlq ',
    replicationFactor: 1,
    contextHeaders: true,
    toMessage: consumedDlqMessage,
    producer: producer.asProducer(),
    admin: () => admin.asAdmin(),
    logger,
    ...o,
  });
  return { reporter, producer, admin, lines };
}

const text = (v: unknown) => (Buffer.isBuffer(v) ? v.toString() : v);

describe('dead letter queue', () => {
  test('creates the topic when missing: one partition, the configured replication factor', async () => {
    const { reporter, admin, producer } = dlq({ replicationFactor: 2 });
    await reporter.start();
    assert.deepEqual(admin.created, [{ topic: 'orders-dlq', numPartitions: 1, replicationFactor: 2 }]);
    assert.equal(producer.connected, 1);
    await reporter.close();
    assert.equal(producer.disconnected, 1);
  });

  test('a topic that cannot be created fails the start', async () => {
    const { reporter } = dlq({ admin: () => new FakeAdmin([], new Error('INVALID_REPLICATION_FACTOR')).asAdmin() });
    await assert.rejects(reporter.start(), /Could not initialize dead letter queue with topic=orders-dlq/);
  });

  test('the original bytes, headers and timestamp, plus every __connect.errors.* header', async () => {
    const { reporter, producer } = dlq();
    await reporter.report(failure(9));
    const [batch] = producer.sent;
    assert.equal(batch!.topic, 'orders-dlq');
    assert.equal(batch!.acks, -1);
    const m = batch!.messages[0]!;
    assert.deepEqual(m.key, Buffer.from('k'));
    assert.deepEqual(m.value, Buffer.from([0xff, 0x00, 9]));
    assert.equal(m.timestamp, '1700000000000');
    const h = m.headers;
    assert.deepEqual(h['trace'], [Buffer.from('abc'), Buffer.from('def')]);
    assert.equal(h['empty'], null);
    assert.deepEqual(Object.keys(h).slice(2), [
      '__connect.errors.topic', '__connect.errors.partition', '__connect.errors.offset', '__connect.errors.connector.name',
      '__connect.errors.task.id', '__connect.errors.stage', '__connect.errors.class.name', '__connect.errors.exception.class.name',
      '__connect.errors.exception.message', '__connect.errors.exception.stacktrace',
    ]);
    assert.equal(text(h['__connect.errors.topic']), 'orders');
    assert.equal(text(h['__connect.errors.partition']), '3');
    assert.equal(text(h['__connect.errors.offset']), '9');
    assert.equal(text(h['__connect.errors.connector.name']), 'orders-sink');
    assert.equal(text(h['__connect.errors.task.id']), '2');
    assert.equal(text(h['__connect.errors.stage']), 'VALUE_CONVERTER');
    assert.equal(text(h['__connect.errors.class.name']), 'org.apache.kafka.connect.json.JsonConverter');
    assert.equal(text(h['__connect.errors.exception.class.name']), 'org.apache.kafka.connect.errors.DataException');
    assert.equal(text(h['__connect.errors.exception.message']), 'bad record 9');
    assert.match(String(text(h['__connect.errors.exception.stacktrace'])), /^DataException: bad record 9\n\s+at /);
  });

  test('without context headers the record is exactly the original', async () => {
    const { reporter, producer } = dlq({ contextHeaders: false });
    await reporter.report(failure(1));
    assert.deepEqual(Object.keys(producer.sent[0]!.messages[0]!.headers), ['trace', 'empty']);
  });

  test('reports of one event-loop turn go out in one request; flush waits for the acknowledgement', async () => {
    const { reporter, producer } = dlq();
    producer.hold = true;
    const acks = [1, 2, 3].map((o) => reporter.report(failure(o)));
    await settle();
    assert.equal(producer.sent.length, 1);
    assert.equal(producer.sent[0]!.messages.length, 3);
    // Reported while the first request is in flight: the next request.
    const fourth = reporter.report(failure(4));
    let flushed = false;
    const flush = reporter.flush().then(() => (flushed = true));
    await settle();
    assert.equal(flushed, false);
    producer.release();
    await Promise.all(acks);
    await settle();
    producer.release();
    await fourth;
    await flush;
    assert.deepEqual(producer.sent.map((b) => b.messages.length), [3, 1]);
  });

  test('requests stay under the byte limit', async () => {
    const { reporter, producer } = dlq({ maxBatchBytes: 300 });
    await Promise.all([1, 2, 3, 4, 5].map((o) => reporter.report(failure(o))));
    assert.ok(producer.sent.length > 1);
    assert.equal(producer.sent.reduce((n, b) => n + b.messages.length, 0), 5);
  });

  test('a write the broker refuses fails that report, every later one, and every flush', async () => {
    const { reporter, producer, lines } = dlq();
    producer.failWith = new Error('NOT_ENOUGH_REPLICAS');
    await assert.rejects(reporter.report(failure(1))!, /Could not produce message to dead letter queue. topic=orders-dlq/);
    await assert.rejects(reporter.flush(), /Could not produce message to dead letter queue/);
    await assert.rejects(reporter.report(failure(2))!, /Could not produce message/);
    assert.equal(producer.sent.length, 1);
    assert.equal(lines.filter((l) => l.level === 'error').length, 1);
    assert.equal(reporter.counts.failures, 2);
  });

  test('back-pressure: past the high-water mark the task waits for the DLQ', async () => {
    const { reporter, producer } = dlq({ highWaterMark: 2 });
    producer.hold = true;
    reporter.report(failure(1));
    assert.equal(reporter.writable(), undefined);
    reporter.report(failure(2));
    const wait = reporter.writable();
    assert.ok(wait);
    await settle();
    producer.release();
    await wait;
  });
});

describe('error log', () => {
  test("errors.log.enable: Kafka's wording, with structured coordinates and the exception", () => {
    const { logger, lines } = recordingLogger();
    new LogReporter(ID, logger, 'errors', false).report(failure(5));
    assert.equal(lines[0]!.level, 'error');
    assert.equal(lines[0]!.msg, "Error encountered in task orders-sink-2. Executing stage 'VALUE_CONVERTER' with class 'org.apache.kafka.connect.json.JsonConverter'.");
    assert.equal(lines[0]!.fields['topic'], 'orders');
    assert.equal(lines[0]!.fields['partition'], 3);
    assert.equal(lines[0]!.fields['offset'], 5);
    assert.ok(lines[0]!.fields['err'] instanceof DataException);
    assert.equal(lines[0]!.fields['record'], undefined);
  });

  test('errors.log.include.messages adds the record', () => {
    const { logger, lines } = recordingLogger();
    new LogReporter(ID, logger, 'errors', true).report(failure(5));
    assert.equal(lines[0]!.msg, "Error encountered in task orders-sink-2. Executing stage 'VALUE_CONVERTER' with class " +
      "'org.apache.kafka.connect.json.JsonConverter', where consumed record is {topic='orders', partition=3, offset=5, " +
      'timestamp=1700000000000, timestampType=CreateTime}.');
    assert.deepEqual(lines[0]!.fields['record'], {
      key: 'k',
      value: { base64: Buffer.from([0xff, 0x00, 5]).toString('base64') },
      headers: [{ key: 'trace', value: 'abc' }, { key: 'trace', value: 'def' }, { key: 'empty', value: null }],
    });
  });

  test('a source record is printed whole when asked', () => {
    const { logger, lines } = recordingLogger();
    const sourceRecord = new SourceRecord({ sourcePartition: { file: 'a' }, sourceOffset: { line: 4 }, topic: 'out', value: 'v' });
    new LogReporter(ID, logger, 'errors', true).report({ error: new Error('x'), stage: 'TRANSFORMATION', executingClass: 'C', tolerated: true, sourceRecord });
    assert.match(lines[0]!.msg, /, where source record is = SourceRecord\{sourcePartition=\{file=a\}, sourceOffset=\{line=4\}\} ConnectRecord\{topic='out'/);
    assert.deepEqual(lines[0]!.fields['sourceOffset'], { line: 4 });
  });

  test('tolerance=all without log or DLQ still leaves one WARN line per skipped record', () => {
    const { logger, lines } = recordingLogger();
    const r = new LogReporter(ID, logger, 'skipped', false);
    r.report(failure(5));
    r.report({ ...failure(6), tolerated: false });
    assert.equal(lines.length, 1);
    assert.equal(lines[0]!.level, 'warn');
    assert.equal(lines[0]!.fields['offset'], 5);
    assert.equal(lines[0]!.fields['error'], 'DataException: bad record 5');
  });
});

describe('source dead letter queue (our extension)', () => {
  const schema = SchemaBuilder.struct().name('Order').field('id', Schema.INT32_SCHEMA).field('note', Schema.OPTIONAL_STRING_SCHEMA).build();

  test('the record as the task produced it, JSON-encoded, schemas where it has them', () => {
    const headers = new ConnectHeaders();
    headers.addString('origin', 'db');
    const record = new SourceRecord({
      sourcePartition: { table: 'orders' },
      sourceOffset: { id: 41 },
      topic: 'orders',
      kafkaPartition: 1,
      keySchema: Schema.STRING_SCHEMA,
      key: 'o-41',
      valueSchema: schema,
      value: new Struct(schema).put('id', 41).put('note', null),
      timestamp: 1700000000000,
      headers,
    });
    const m = new SourceRecordJsonEncoder().toMessage({ error: new Error('x'), stage: 'TRANSFORMATION', executingClass: 'C', tolerated: true, sourceRecord: record })!;
    assert.equal(m.key!.toString(), '{"schema":{"type":"string","optional":false},"payload":"o-41"}');
    assert.equal(m.timestamp, '1700000000000');
    const doc = JSON.parse(m.value!.toString());
    assert.deepEqual(doc, {
      topic: 'orders',
      partition: 1,
      timestamp: 1700000000000,
      sourcePartition: { table: 'orders' },
      sourceOffset: { id: 41 },
      key: { schema: { type: 'string', optional: false }, payload: 'o-41' },
      value: {
        schema: { type: 'struct', fields: [{ type: 'int32', optional: false, field: 'id' }, { type: 'string', optional: true, field: 'note' }], optional: false, name: 'Order' },
        payload: { id: 41, note: null },
      },
      headers: [{ key: 'origin', value: { schema: { type: 'string', optional: false }, payload: 'db' } }],
    });
  });

  test('schemaless data is plain JSON; what cannot be encoded is described', () => {
    const record = new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: 't', value: { a: [1, 2] } });
    const enc = new SourceRecordJsonEncoder();
    const doc = JSON.parse(enc.toMessage({ error: 1, stage: 'VALUE_CONVERTER', executingClass: 'C', tolerated: true, sourceRecord: record })!.value!.toString());
    assert.deepEqual(doc.value, { a: [1, 2] });
    assert.equal(doc.key, null);
    const bad = JSON.parse(enc.encode('t', Schema.INT32_SCHEMA, 'not a number'));
    assert.equal(bad.unencodable, 'not a number');
    assert.match(bad.error, /./);
  });

  test('context headers name the target topic and no offset', async () => {
    const producer = new FakeProducer();
    const encoder = new SourceRecordJsonEncoder();
    const reporter = new DeadLetterQueueReporter({
      id: ID, topic: 'dlq', replicationFactor: 1, contextHeaders: true, toMessage: (f) => encoder.toMessage(f),
      producer: producer.asProducer(), admin: () => new FakeAdmin(['dlq']).asAdmin(), logger: recordingLogger().logger,
    });
    const sourceRecord = new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: 'out', value: 'v' });
    await reporter.report({ error: new Error('x'), stage: 'KEY_CONVERTER', executingClass: 'C', tolerated: true, sourceRecord });
    const h = producer.sent[0]!.messages[0]!.headers;
    assert.equal(text(h['__connect.errors.topic']), 'out');
    assert.equal(h['__connect.errors.offset'], undefined);
    assert.equal(text(h['__connect.errors.stage']), 'KEY_CONVERTER');
    assert.equal(text(h['__connect.errors.exception.class.name']), 'Error');
  });
});

describe('config', () => {
  const base = { name: 'c', 'connector.class': 'X' };

  test("Kafka's defaults", () => {
    assert.deepEqual(errorHandlingConfig({ ...base, topics: 't' }, 'sink'), {
      retryTimeoutMs: 0, retryDelayMaxMs: 60000, tolerance: 'none', logEnable: false, logIncludeMessages: false,
      dlqTopic: '', dlqReplicationFactor: 3, dlqContextHeaders: false,
    });
  });

  test('every key, for a sink and (our extension) for a source', () => {
    const props = {
      ...base,
      'errors.retry.timeout': '-1', 'errors.retry.delay.max.ms': '500', 'errors.tolerance': 'all', 'errors.log.enable': 'true',
      'errors.log.include.messages': 'true', 'errors.deadletterqueue.topic.name': 'dlq',
      'errors.deadletterqueue.topic.replication.factor': '1', 'errors.deadletterqueue.context.headers.enable': 'true',
    };
    const want = { retryTimeoutMs: -1, retryDelayMaxMs: 500, tolerance: 'all', logEnable: true, logIncludeMessages: true, dlqTopic: 'dlq', dlqReplicationFactor: 1, dlqContextHeaders: true };
    assert.deepEqual(errorHandlingConfig({ ...props, topics: 't' }, 'sink'), want);
    assert.deepEqual(errorHandlingConfig(props, 'source'), want);
  });

  test('bad values name their key', () => {
    assert.throws(() => errorHandlingConfig({ ...base, 'errors.tolerance': 'some' }, 'source'), /errors\.tolerance/);
    assert.throws(() => errorHandlingConfig({ ...base, 'errors.deadletterqueue.topic.replication.factor': 'x' }, 'source'),
      /errors\.deadletterqueue\.topic\.replication\.factor/);
  });
});
