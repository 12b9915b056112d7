import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RegexRouter } from '../../../transforms/RegexRouter.js';
import { assertConfigError, configured, sourceRecord } from './helpers.js';

function route(regex: string, replacement: string, topic: string): string {
  return configured(RegexRouter, { regex, replacement }).apply(sourceRecord({ topic }))!.topic;
}

describe('RegexRouter', () => {
  it('leaves topics that do not match as a whole', () => {
    assert.equal(route('foo', 'bar', 'orig'), 'orig');
    assert.equal(route('foo', 'bar', 'foo-suffix'), 'foo-suffix');
  });

  it('replaces the topic on a full match', () => {
    assert.equal(route('foo', 'bar', 'foo'), 'bar');
    assert.equal(route('.*', 'bar', 'foo'), 'bar');
  });

  it('expands Java group references', () => {
    assert.equal(route('(.*)', 'prefix-$1', 'orig'), 'prefix-orig');
    assert.equal(route('(.*)-(.*)', '$2.$1', 'a-b'), 'b.a');
    assert.equal(route('(?<first>[a-z]+)_(?<second>[a-z]+)', '${second}-${first}', 'ab_cd'), 'cd-ab');
    assert.equal(route('(a)', '$10', 'a'), 'a0');
    assert.equal(route('(a)(b)?', '[$2]', 'a'), '[]');
    assert.equal(route('(.*)', '\\$1-\\\\', 'x'), '$1-\\');
  });

  it('replaces the first match found, as Matcher.replaceFirst does', () => {
    assert.equal(route('a|ab', 'X', 'ab'), 'Xb');
    assert.equal(route('(?i)FOO', 'bar', 'foo'), 'bar');
  });

  it('returns the same record when the topic does not match', () => {
    const xform = configured(RegexRouter, { regex: 'x', replacement: 'y' });
    const record = sourceRecord({ topic: 'z' });
    assert.equal(xform.apply(record), record);
  });

  it('rejects bad configs', () => {
    assertConfigError(RegexRouter, { replacement: 'x' }, /Missing required configuration "regex"/);
    assertConfigError(RegexRouter, { regex: 'x' }, /Missing required configuration "replacement"/);
    assertConfigError(RegexRouter, { regex: '(', replacement: 'x' }, /^Invalid value \( for configuration regex: Invalid regex: /);
    assertConfigError(RegexRouter, { regex: '(a)', replacement: '$2' }, 'Invalid value $2 for configuration replacement: No group 2');
    assertConfigError(RegexRouter, { regex: 'a', replacement: 'x$' }, /Illegal group reference: group index is missing/);
    assertConfigError(RegexRouter, { regex: 'a', replacement: '${nope}' }, /No group with name \{nope\}/);
    assertConfigError(RegexRouter, { regex: 'a', replacement: 'x\\' }, /character to be escaped is missing/);
  });
});
