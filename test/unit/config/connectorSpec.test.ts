// The connector config is parsed once into a ConnectorSpec: plain data that a task thread receives.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connectorSpec } from '../../../src/config/connectorSpec.js';

const SINK = { name: 's', 'connector.class': 'FileStreamSink', file: '/tmp/x' };

describe('connectorSpec', () => {
  test('survives structured cloning unchanged (what crossing to a task thread does)', () => {
    const spec = connectorSpec({
      ...SINK, 'topics.regex': '(?i)orders.*', 'value.converter': 'StringConverter', 'value.converter.x': '1',
      transforms: 'a', 'transforms.a.type': 'Filter', 'transforms.a.predicate': 'p', 'transforms.a.negate': 'true',
      predicates: 'p', 'predicates.p.type': 'TopicNameMatches', 'predicates.p.pattern': 'x',
      'errors.tolerance': 'all', 'errors.deadletterqueue.topic.name': 'dlq', 'consumer.override.max.poll.records': '5',
    }, 'sink');
    assert.deepEqual(structuredClone(spec), spec);
    assert.equal(spec.topicsRegex, '(?i)orders.*');
    assert.deepEqual(spec.topics, []);
    assert.deepEqual(spec.valueConverter, { className: 'StringConverter', config: { x: '1' } });
    assert.equal(spec.keyConverter, null);
    assert.deepEqual(spec.transforms.map((t) => [t.alias, t.type, t.predicate?.alias, t.negate]), [['a', 'Filter', 'p', true]]);
    assert.deepEqual(spec.predicates.map((p) => p.alias), ['p']);
    assert.equal(spec.errors.tolerance, 'all');
    assert.equal(spec.errors.dlqTopic, 'dlq');
    assert.deepEqual(spec.consumerOverrides, { 'max.poll.records': '5' });
  });

  test('what parsing refuses names the key', () => {
    assert.throws(() => connectorSpec({ ...SINK, topics: 'a', 'topics.regex': 'a.*' }, 'sink'), /topics and topics.regex are mutually exclusive/);
    assert.throws(() => connectorSpec({ ...SINK, topics: 'a', 'errors.tolerance': 'some' }, 'sink'), /errors\.tolerance/);
  });

  test('sources read the DLQ keys too (our extension)', () => {
    const spec = connectorSpec({ name: 'x', 'connector.class': 'FileStreamSource', topic: 't', 'errors.deadletterqueue.topic.name': 'd' }, 'source');
    assert.equal(spec.errors.dlqTopic, 'd');
    assert.equal(spec.topicsRegex, null);
  });
});
