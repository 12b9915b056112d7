import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConnectRecord } from '../../../src/data/ConnectRecord.js';
import { ConnectHeaders } from '../../../src/data/Headers.js';
import { Schema } from '../../../src/data/Schema.js';
import { SchemaBuilder } from '../../../src/data/SchemaBuilder.js';
import { Struct } from '../../../src/data/Struct.js';
import { HeaderFromKey, HeaderFromValue } from '../../../transforms/HeaderFrom.js';
import { assertConfigError, assertDataError, configured, headerPairs, sourceRecord } from './helpers.js';

const SCHEMA = SchemaBuilder.struct().field('field1', Schema.STRING_SCHEMA).field('field2', Schema.STRING_SCHEMA).build();

function existing(): ConnectHeaders {
  return new ConnectHeaders().addString('header1', 'existing-value');
}

function structRecord(key: boolean): ConnectRecord<any> {
  const struct = new Struct(SCHEMA).put('field1', 'field1-value').put('field2', 'field2-value');
  return key ? sourceRecord({ keySchema: SCHEMA, key: struct, headers: existing() }) : sourceRecord({ valueSchema: SCHEMA, value: struct, headers: existing() });
}

function mapRecord(key: boolean): ConnectRecord<any> {
  const map = { field1: 'field1-value', field2: 'field2-value' };
  return key ? sourceRecord({ key: map, headers: existing() }) : sourceRecord({ value: map, headers: existing() });
}

for (const key of [true, false]) {
  const Cls = key ? HeaderFromKey : HeaderFromValue;
  const side = (r: ConnectRecord<any>): { schema: unknown; value: unknown } => (key ? { schema: r.keySchema, value: r.key } : { schema: r.valueSchema, value: r.value });

  describe(`HeaderFrom$${key ? 'Key' : 'Value'}`, () => {
    it('copies struct fields to headers', () => {
      const input = structRecord(key);
      const out = configured(Cls, { fields: 'field1', headers: 'inserted1', operation: 'copy' }).apply(input)!;
      assert.deepEqual(headerPairs(out.headers), [['header1', 'existing-value'], ['inserted1', 'field1-value']]);
      assert.equal([...out.headers][1]!.schema, Schema.STRING_SCHEMA);
      assert.equal(side(out).schema, SCHEMA);
      assert.equal(side(out).value, side(input).value);
      // the input record's headers are left alone
      assert.equal(input.headers.size, 1);
    });

    it('moves struct fields to headers, removing them from the schema', () => {
      const out = configured(Cls, { fields: 'field1,field1', headers: 'inserted1,inserted2', operation: 'move' }).apply(structRecord(key))!;
      assert.deepEqual(headerPairs(out.headers), [['header1', 'existing-value'], ['inserted1', 'field1-value'], ['inserted2', 'field1-value']]);
      const s = side(out);
      assert.deepEqual((s.schema as Schema).fields.map((f) => f.name), ['field2']);
      assert.equal((s.value as Struct).get('field2'), 'field2-value');
    });

    it('copies and moves schemaless map fields', () => {
      const copied = configured(Cls, { fields: 'field1,missing', headers: 'inserted1,inserted2', operation: 'copy' }).apply(mapRecord(key))!;
      assert.deepEqual(headerPairs(copied.headers), [['header1', 'existing-value'], ['inserted1', 'field1-value'], ['inserted2', null]]);
      assert.deepEqual(side(copied).value, { field1: 'field1-value', field2: 'field2-value' });
      const moved = configured(Cls, { fields: 'field1,field2', headers: 'inserted1,inserted1', operation: 'move' }).apply(mapRecord(key))!;
      assert.deepEqual(headerPairs(moved.headers), [['header1', 'existing-value'], ['inserted1', 'field1-value'], ['inserted1', 'field2-value']]);
      assert.deepEqual(side(moved).value, {});
    });
  });
}

describe('HeaderFrom', () => {
  it('copies struct-valued fields with their schema', () => {
    const inner = SchemaBuilder.struct().field('foo', Schema.STRING_SCHEMA).build();
    const schema = SchemaBuilder.struct().field('field1', inner).build();
    const value = new Struct(schema).put('field1', new Struct(inner).put('foo', 'foo-value'));
    const out = configured(HeaderFromValue, { fields: 'field1', headers: 'h', operation: 'copy' }).apply(sourceRecord({ valueSchema: schema, value }))!;
    const header = out.headers.lastWithName('h')!;
    assert.equal(header.schema, inner);
    assert.equal((header.value as Struct).get('foo'), 'foo-value');
  });

  for (const [replace, expected] of [['true', 'default'], ['false', null]] as const) {
    it(`replace.null.with.default=${replace}`, () => {
      const schema = SchemaBuilder.struct().field('f', SchemaBuilder.string().optional().defaultValue('default').build()).build();
      const out = configured(HeaderFromValue, { fields: 'f', headers: 'h', operation: 'copy', 'replace.null.with.default': replace })
        .apply(sourceRecord({ valueSchema: schema, value: new Struct(schema) }))!;
      assert.equal(out.headers.lastWithName('h')!.value, expected);
    });
  }

  it('fails for a field the schema does not have, and for values of the wrong kind', () => {
    const xform = configured(HeaderFromValue, { fields: 'nope', headers: 'h', operation: 'move' });
    assertDataError(() => xform.apply(structRecord(false)), /^Field does not exist: nope \(transform HeaderFrom\$Value, field nope;/);
    assertDataError(() => xform.apply(sourceRecord({ value: 'x' })), /Only Map objects supported in absence of schema for \[header move\], found: java\.lang\.String/);
    assertDataError(() => configured(HeaderFromValue, { fields: 'a', headers: 'h', operation: 'copy' }).apply(sourceRecord({ valueSchema: Schema.STRING_SCHEMA, value: 'x' })),
      /Only Struct objects supported for \[header copy\]/);
  });

  it('rejects bad configs', () => {
    assertConfigError(HeaderFromValue, { fields: 'a', headers: 'h' }, /Missing required configuration "operation"/);
    assertConfigError(HeaderFromValue, { fields: 'a', headers: 'h', operation: 'steal' },
      'Invalid value steal for configuration operation: String must be one of: move, copy');
    assertConfigError(HeaderFromValue, { fields: 'a,b', headers: 'h', operation: 'copy' },
      "'fields' config must have the same number of elements as 'headers' config.");
    assertConfigError(HeaderFromValue, { fields: '', headers: 'h', operation: 'copy' }, 'Invalid value [] for configuration fields: Empty list');
  });
});
