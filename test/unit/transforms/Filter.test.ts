import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Filter } from '../../../transforms/Filter.js';
import { configured, sinkRecord, sourceRecord } from './helpers.js';

describe('Filter', () => {
  it('drops every record', () => {
    const xform = configured(Filter, {});
    assert.equal(xform.apply(sourceRecord({ value: 'x' })), null);
    assert.equal(xform.apply(sinkRecord()), null);
    assert.deepEqual(xform.config().names(), []);
    assert.match(xform.version(), /^\d/);
    xform.close();
  });
});
