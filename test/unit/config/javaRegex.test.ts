// Java regex syntax on JS: every user regex (topics.regex, RegexRouter, TopicNameMatches, JDBC
// table lists, env allow-lists) is compiled by compileJavaRegex, so what validation accepts runs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileJavaRegex } from '../../../src/api/ConfigDef.js';

describe('compileJavaRegex', () => {
  test('inline flags (leading, mid-pattern, (?i:…) groups) compile; JS applies them to the whole pattern', () => {
    assert.ok(compileJavaRegex('(?i)orders.*', true).test('ORDERS-eu'));
    assert.ok(compileJavaRegex('orders-(?i)EU', true).test('orders-eu'));
    assert.ok(compileJavaRegex('(?i:orders)-x', true).test('Orders-x'));
    assert.ok(compileJavaRegex('(?s)a.b', true).test('a\nb'));
    assert.ok(!compileJavaRegex('a.b', true).test('a\nb'));
    assert.ok(compileJavaRegex('(?iu)straße', true).test('STRAßE'));
  });

  test('full match like Matcher.matches(), find like Matcher.find()', () => {
    assert.ok(!compileJavaRegex('orders', true).test('orders-dlq'));
    assert.ok(compileJavaRegex('orders').test('my-orders-dlq'));
    assert.ok(!compileJavaRegex('(?m)a', true).test('a\na'));
  });

  test('\\Q…\\E quotes, \\A and \\z anchor, possessive quantifiers and atomic groups compile', () => {
    assert.ok(compileJavaRegex('\\Qa.b*\\E', true).test('a.b*'));
    assert.ok(!compileJavaRegex('\\Qa.b\\E', true).test('axb'));
    assert.ok(compileJavaRegex('\\Aab\\z').test('ab'));
    assert.ok(!compileJavaRegex('\\Aab\\z').test('xab'));
    assert.ok(compileJavaRegex('a++b', true).test('aab'));
    assert.ok(compileJavaRegex('(?>ab|a)c', true).test('abc'));
    assert.ok(compileJavaRegex('[+*]+', true).test('+*'));
    assert.ok(compileJavaRegex('\\++', true).test('++'));
  });

  test('named groups keep their names; what neither engine accepts is a SyntaxError', () => {
    assert.equal(compileJavaRegex('(?<id>\\d+)-x').exec('42-x')!.groups!['id'], '42');
    assert.throws(() => compileJavaRegex('(?-i)a'), /Turning inline flags off/);
    assert.throws(() => compileJavaRegex('(?q)a'), /Unknown inline modifier 'q'/);
    assert.throws(() => compileJavaRegex('['), SyntaxError);
  });
});
