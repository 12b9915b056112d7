import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRange, satisfies } from '../../../src/plugins/semver.js';

test('caret, tilde, x-ranges and comparators, as npm reads them', () => {
  const cases: [string, string, boolean][] = [
    ['0.1.0', '^0.1.0', true],
    ['0.1.9', '^0.1.0', true],
    ['0.2.0', '^0.1.0', false],
    ['1.4.2', '^1.2.0', true],
    ['2.0.0', '^1.2.0', false],
    ['0.0.3', '^0.0.3', true],
    ['0.0.4', '^0.0.3', false],
    ['1.2.9', '~1.2.3', true],
    ['1.3.0', '~1.2.3', false],
    ['1.9.0', '~1', true],
    ['0.1.0', '>=0.1.0 <1', true],
    ['1.0.0', '>=0.1.0 <1', false],
    ['0.1.0', '0.x', true],
    ['1.0.0', '0.x', false],
    ['5.0.0', '*', true],
    ['5.0.0', '', true],
    ['1.5.0', '1.0.0 - 2.0.0', true],
    ['2.0.1', '1.0.0 - 2.0.0', false],
    ['2.9.0', '1 - 2', true],
    ['0.1.0', '^99.0.0', false],
    ['3.0.0', '^1.0.0 || ^3.0.0', true],
    ['0.1.0', '>= 0.1.0', true],
    ['0.1.0', '=0.1.0', true],
    ['0.1.1', '0.1.0', false],
    ['1.0.0', '>0.9', true],
    ['0.9.5', '>0.9', false],
    ['0.9.5', '<=0.9', true],
  ];
  for (const [version, range, expected] of cases) assert.equal(satisfies(version, range), expected, `${version} in "${range}"`);
});

test('prereleases only match ranges that name the same version with a prerelease', () => {
  assert.equal(satisfies('1.0.0-beta.2', '>=1.0.0-beta.1'), true);
  assert.equal(satisfies('1.0.0-beta.2', '^0.9.0'), false);
  assert.equal(satisfies('1.1.0-rc.1', '^1.0.0'), false);
  assert.equal(satisfies('1.0.0', '>=1.0.0-beta.1'), true);
  assert.equal(satisfies('2.0.0-alpha', '<2.0.0'), false);
});

test('garbage is not a range', () => {
  assert.equal(parseRange('not a range'), null);
  assert.equal(parseRange('^1.2.3.4'), null);
  assert.equal(satisfies('banana', '*'), false);
});
