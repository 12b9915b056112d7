import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectHeaders } from '../../../src/data/Headers.js';
import { Schema } from '../../../src/data/Schema.js';
import { InsertHeader } from '../../../transforms/InsertHeader.js';
import { assertConfigError, configured, headerPairs, sourceRecord } from './helpers.js';

describe('InsertHeader', () => {
  it('appends a header with the literal parsed as Kafka Values.parseString does', () => {
    const headers = new ConnectHeaders().addString('existing', 'e');
    const record = sourceRecord({ key: 'k', value: 'v', headers });
    const out = configured(InsertHeader, { header: 'inserted', 'value.literal': 'inserted-value' }).apply(record)!;
    assert.deepEqual(headerPairs(out.headers), [['existing', 'e'], ['inserted', 'inserted-value']]);
    assert.equal(out.headers.lastWithName('inserted')!.schema, Schema.STRING_SCHEMA);
    assert.equal(record.headers.size, 1);
    assert.equal(out.key, 'k');
    assert.equal(out.value, 'v');
  });

  it('types numeric, boolean and list literals', () => {
    const header = (literal: string) => configured(InsertHeader, { header: 'h', 'value.literal': literal }).apply(sourceRecord())!.headers.lastWithName('h')!;
    assert.equal(header('42').schema!.type, 'INT8');
    assert.equal(header('42').value, 42);
    assert.equal(header('100000').schema!.type, 'INT32');
    assert.equal(header('true').value, true);
    assert.deepEqual(header('[1,2]').value, [1, 2]);
    assert.equal(header('').value, '');
  });

  it('adds to existing headers of the same name', () => {
    const out = configured(InsertHeader, { header: 'h', 'value.literal': 'b' }).apply(sourceRecord({ headers: new ConnectHeaders().addString('h', 'a') }))!;
    assert.deepEqual(headerPairs(out.headers), [['h', 'a'], ['h', 'b']]);
  });

  it('requires both keys', () => {
    assertConfigError(InsertHeader, { 'value.literal': 'x' }, /Missing required configuration "header"/);
    assertConfigError(InsertHeader, { header: 'x' }, /Missing required configuration "value.literal"/);
  });
});
