import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TopicNameMatches } from '../../../predicates/TopicNameMatches.js';
import { assertConfigError, configured, sinkRecord, sourceRecord } from '../transforms/helpers.js';

describe('TopicNameMatches', () => {
  it('matches the whole topic name against a Java regex', () => {
    const p = configured(TopicNameMatches, { pattern: 'my-prefix-.*' });
    assert.equal(p.test(sourceRecord({ topic: 'my-prefix-' })), true);
    assert.equal(p.test(sourceRecord({ topic: 'my-prefix-foo' })), true);
    assert.equal(p.test(sourceRecord({ topic: 'x-my-prefix-' })), false);
    assert.equal(p.test(sourceRecord({ topic: 'my-prefix' })), false);
    assert.equal(configured(TopicNameMatches, { pattern: 'foo' }).test(sourceRecord({ topic: 'foobar' })), false);
    assert.equal(configured(TopicNameMatches, { pattern: '(?i)FOO|bar' }).test(sinkRecord({ topic: 'foo' })), true);
    assert.equal(String(p), 'TopicNameMatches{pattern=my-prefix-.*}');
  });

  it('rejects a missing, empty or invalid pattern', () => {
    assertConfigError(TopicNameMatches, {}, 'Missing required configuration "pattern" which has no default value.');
    assertConfigError(TopicNameMatches, { pattern: '' }, 'Invalid value  for configuration pattern: String must be non-empty');
    assertConfigError(TopicNameMatches, { pattern: '[' }, /^Invalid value \[ for configuration pattern: Invalid regex: /);
  });
});
