import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RecordIsTombstone } from '../../../predicates/RecordIsTombstone.js';
import { configured, sinkRecord, sourceRecord } from '../transforms/helpers.js';

describe('RecordIsTombstone', () => {
  it('is true for records with a null value', () => {
    const p = configured(RecordIsTombstone, {});
    assert.equal(p.test(sourceRecord({ value: null })), true);
    assert.equal(p.test(sourceRecord({ key: 'k', value: null })), true);
    assert.equal(p.test(sourceRecord({ value: 'x' })), false);
    assert.equal(p.test(sinkRecord({ value: {} })), false);
    assert.equal(String(p), 'RecordIsTombstone{}');
    assert.deepEqual(p.config().names(), []);
  });
});
