import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TimestampRouter } from '../../../transforms/TimestampRouter.js';
import { assertConfigError, assertDataError, configured, sourceRecord } from './helpers.js';

describe('TimestampRouter', () => {
  it('routes by topic and timestamp with the defaults (${topic}-${timestamp}, yyyyMMdd)', () => {
    const out = configured(TimestampRouter).apply(sourceRecord({ topic: 'test', timestamp: 1483425001864 }))!;
    assert.equal(out.topic, 'test-20170103');
  });

  it('honours topic.format and timestamp.format', () => {
    const xform = configured(TimestampRouter, { 'topic.format': 'logs_${timestamp}_${topic}_${topic}', 'timestamp.format': "yyyy.MM.dd'T'HH" });
    assert.equal(xform.apply(sourceRecord({ topic: 'a', timestamp: 1483425001864 }))!.topic, 'logs_2017.01.03T06_a_a');
    assert.equal(xform.apply(sourceRecord({ topic: 'b', timestamp: 1483425001864 }))!.topic, 'logs_2017.01.03T06_b_b');
    assert.equal(xform.apply(sourceRecord({ topic: 'a', timestamp: 1483425001864 + 3_600_000 }))!.topic, 'logs_2017.01.03T07_a_a');
  });

  it('keeps everything but the topic', () => {
    const record = sourceRecord({ topic: 't', partition: 3, key: 'k', value: { v: 1 }, timestamp: 0 });
    const out = configured(TimestampRouter).apply(record)!;
    assert.equal(out.topic, 't-19700101');
    assert.equal(out.kafkaPartition, 3);
    assert.equal(out.key, 'k');
    assert.equal(out.value, record.value);
    assert.equal(out.timestamp, 0);
  });

  it('fails on records without a timestamp', () => {
    assertDataError(() => configured(TimestampRouter).apply(sourceRecord({ topic: 't', timestamp: null })),
      /^Timestamp missing on record: SourceRecord\{.*\} \(transform TimestampRouter; record topic=t, partition=0\)$/);
  });

  it('rejects a bad timestamp.format when configured', () => {
    assertConfigError(TimestampRouter, { 'timestamp.format': 'yyyyqq' }, /^Invalid value yyyyqq for configuration timestamp\.format: Illegal pattern character 'q'$/);
  });
});
