import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectHeaders } from '../../../src/data/Headers.js';
import { DropHeaders } from '../../../transforms/DropHeaders.js';
import { assertConfigError, configured, headerPairs, sinkRecord } from './helpers.js';

describe('DropHeaders', () => {
  it('removes every header with one of the names, keeping the order of the others', () => {
    const headers = new ConnectHeaders().addString('a', '1').addString('b', '2').addString('a', '3').addString('c', '4');
    const record = sinkRecord({ headers });
    const out = configured(DropHeaders, { headers: 'a,x' }).apply(record)!;
    assert.deepEqual(headerPairs(out.headers), [['b', '2'], ['c', '4']]);
    assert.equal(record.headers.size, 4);
    assert.equal((out as unknown as { kafkaOffset: number }).kafkaOffset, 42);
  });

  it('requires a non-empty list', () => {
    assertConfigError(DropHeaders, {}, /Missing required configuration "headers"/);
    assertConfigError(DropHeaders, { headers: '' }, 'Invalid value [] for configuration headers: Empty list');
  });
});
