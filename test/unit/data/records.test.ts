import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectHeaders, Schema, SinkRecord, SourceRecord } from '../../../src/data/index.js';

describe('SourceRecord', () => {
  it('defaults absent fields to null and headers to empty', () => {
    const r = new SourceRecord({ sourcePartition: { file: 'a' }, sourceOffset: { pos: 1 }, topic: 't', value: 'v' });
    assert.equal(r.topic, 't');
    assert.equal(r.kafkaPartition, null);
    assert.equal(r.key, null);
    assert.equal(r.keySchema, null);
    assert.equal(r.valueSchema, null);
    assert.equal(r.timestamp, null);
    assert.ok(r.headers instanceof ConnectHeaders);
    assert.equal(r.headers.size, 0);
  });

  it('does not copy what it is given', () => {
    const headers = new ConnectHeaders().addString('h', 'x');
    const value = { a: 1 };
    const r = new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: 't', value, headers });
    assert.equal(r.headers, headers);
    assert.equal(r.value, value);
  });

  it('newRecord copies the rest, including source partition/offset, and duplicates headers', () => {
    const r = new SourceRecord({
      sourcePartition: { p: 1 }, sourceOffset: { o: 2 }, topic: 't', kafkaPartition: 3, keySchema: Schema.STRING_SCHEMA,
      key: 'k', valueSchema: Schema.INT32_SCHEMA, value: 5, timestamp: 99, headers: new ConnectHeaders().addInt('h', 1),
    });
    const n = r.newRecord({ topic: 'u', value: 6, key: null });
    assert.ok(n instanceof SourceRecord);
    assert.equal(n.topic, 'u');
    assert.equal(n.value, 6);
    assert.equal(n.key, null);
    assert.equal(n.keySchema, Schema.STRING_SCHEMA);
    assert.equal(n.kafkaPartition, 3);
    assert.equal(n.timestamp, 99);
    assert.deepEqual(n.sourcePartition, { p: 1 });
    assert.deepEqual(n.sourceOffset, { o: 2 });
    assert.notEqual(n.headers, r.headers);
    n.headers.addInt('h2', 2);
    assert.equal(r.headers.size, 1);
    const withHeaders = r.newRecord({ headers: new ConnectHeaders() });
    assert.equal(withHeaders.headers.size, 0);
    assert.ok(r.equals(r.newRecord({})));
    assert.ok(!r.equals(n));
    assert.match(String(r), /^SourceRecord\{sourcePartition=\{p=1\}, sourceOffset=\{o=2\}\} ConnectRecord\{topic='t', kafkaPartition=3, key=k/);
  });
});

describe('SinkRecord', () => {
  it('defaults timestampType and originals', () => {
    const r = new SinkRecord({ topic: 't', kafkaPartition: 1, value: null, kafkaOffset: 42 });
    assert.equal(r.timestampType, 'NoTimestampType');
    assert.equal(r.originalTopic, 't');
    assert.equal(r.originalKafkaPartition, 1);
    assert.equal(r.originalKafkaOffset, 42);
    assert.equal(r.value, null);
  });

  it('newRecord keeps the Kafka offset and originals', () => {
    const r = new SinkRecord({ topic: 't', kafkaPartition: 1, key: 'k', value: 'v', kafkaOffset: 42, timestamp: 7, timestampType: 'CreateTime' });
    const n = r.newRecord({ topic: 'renamed', kafkaPartition: 9, value: 'w' });
    assert.ok(n instanceof SinkRecord);
    assert.equal(n.topic, 'renamed');
    assert.equal(n.kafkaPartition, 9);
    assert.equal(n.kafkaOffset, 42);
    assert.equal(n.timestampType, 'CreateTime');
    assert.equal(n.originalTopic, 't');
    assert.equal(n.originalKafkaPartition, 1);
    assert.equal(n.originalKafkaOffset, 42);
    assert.equal(n.key, 'k');
    assert.equal(n.timestamp, 7);
    assert.ok(!r.equals(n));
    assert.ok(r.equals(r.newRecord({})));
  });
});
