import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Schema } from '../../../src/data/Schema.js';
import { SchemaBuilder } from '../../../src/data/SchemaBuilder.js';
import { Struct } from '../../../src/data/Struct.js';
import { FlattenKey, FlattenValue } from '../../../transforms/Flatten.js';
import { assertDataError, configured, sourceRecord } from './helpers.js';

describe('Flatten', () => {
  it('flattens nested structs, keeping the top-level schema metadata', () => {
    const support = SchemaBuilder.struct()
      .field('int8', Schema.INT8_SCHEMA).field('int16', Schema.INT16_SCHEMA).field('int32', Schema.INT32_SCHEMA)
      .field('int64', Schema.INT64_SCHEMA).field('float32', Schema.FLOAT32_SCHEMA).field('float64', Schema.FLOAT64_SCHEMA)
      .field('boolean', Schema.BOOLEAN_SCHEMA).field('string', Schema.STRING_SCHEMA).field('bytes', Schema.BYTES_SCHEMA)
      .build();
    const oneLevel = SchemaBuilder.struct().field('B', support).build();
    const twoLevel = SchemaBuilder.struct().name('outer').version(2).field('A', oneLevel).build();
    const supportValue = new Struct(support).put('int8', 8).put('int16', 16).put('int32', 32).put('int64', 64)
      .put('float32', 32.5).put('float64', 64.25).put('boolean', true).put('string', 'stringy').put('bytes', new Uint8Array([1, 2]));
    const value = new Struct(twoLevel).put('A', new Struct(oneLevel).put('B', supportValue));
    const out = configured(FlattenValue).apply(sourceRecord({ valueSchema: twoLevel, value }))!;
    const s = out.valueSchema!;
    assert.equal(s.name, 'outer');
    assert.equal(s.version, 2);
    assert.deepEqual(s.fields.map((f) => f.name),
      ['A.B.int8', 'A.B.int16', 'A.B.int32', 'A.B.int64', 'A.B.float32', 'A.B.float64', 'A.B.boolean', 'A.B.string', 'A.B.bytes']);
    const v = out.value as Struct;
    assert.equal(v.get('A.B.int8'), 8);
    assert.equal(v.get('A.B.float64'), 64.25);
    assert.equal(v.get('A.B.string'), 'stringy');
    assert.deepEqual(v.get('A.B.bytes'), new Uint8Array([1, 2]));
    assert.equal(configured(FlattenValue).apply(sourceRecord({ valueSchema: twoLevel, value }))!.valueSchema!.fields.length, 9);
  });

  it('flattens nested maps with a custom delimiter', () => {
    const xform = configured(FlattenValue, { delimiter: '#' });
    const out = xform.apply(sourceRecord({ value: { A: { B: { int8: 8, string: 'stringy', bytes: new Uint8Array([1]) }, n: null }, top: [1, { x: 1 }] } }))!;
    assert.deepEqual(out.value, { 'A#B#int8': 8, 'A#B#string': 'stringy', 'A#B#bytes': new Uint8Array([1]), 'A#n': null, top: [1, { x: 1 }] });
    assert.deepEqual(xform.apply(sourceRecord({ value: new Map([['a', new Map([['b', 1]])]]) }))!.value, { 'a#b': 1 });
  });

  it('makes fields of optional structs optional and carries parent defaults down', () => {
    const builder = SchemaBuilder.struct().optional()
      .field('req_field', Schema.STRING_SCHEMA)
      .field('opt_field', SchemaBuilder.string().optional().defaultValue('child_default').build());
    const childDefault = new Struct(builder.build()).put('req_field', 'req_default');
    builder.defaultValue(childDefault);
    const schema = builder.build();
    const out = configured(FlattenValue).apply(sourceRecord({ valueSchema: schema, value: new Struct(schema) }))!;
    const s = out.valueSchema!;
    assert.equal(s.fields.length, 2);
    assert.ok(SchemaBuilder.string().optional().defaultValue('req_default').build().equals(s.field('req_field')!.schema));
    assert.ok(SchemaBuilder.string().optional().defaultValue('child_default').build().equals(s.field('opt_field')!.schema));
  });

  it('makes the children of an optional nested struct optional, and skips a null one', () => {
    const inner = SchemaBuilder.struct().optional().field('opt_int32', Schema.INT32_SCHEMA).build();
    const schema = SchemaBuilder.struct().field('B', inner).build();
    const out = configured(FlattenValue).apply(sourceRecord({ valueSchema: schema, value: new Struct(schema) }))!;
    assert.ok(Schema.OPTIONAL_INT32_SCHEMA.equals(out.valueSchema!.field('B.opt_int32')!.schema));
    assert.equal((out.value as Struct).get('B.opt_int32'), null);
  });

  it('keeps arrays as they are, with schema', () => {
    const schema = SchemaBuilder.struct().field('arr', SchemaBuilder.array(Schema.STRING_SCHEMA).build()).build();
    const out = configured(FlattenValue).apply(sourceRecord({ valueSchema: schema, value: new Struct(schema).put('arr', ['a']) }))!;
    assert.deepEqual((out.value as Struct).get('arr'), ['a']);
    assert.equal(out.valueSchema!.field('arr')!.schema.valueSchema, Schema.STRING_SCHEMA);
  });

  it('flattens keys (Key variant)', () => {
    const out = configured(FlattenKey).apply(sourceRecord({ key: { A: { B: 12 } }, value: { A: { B: 1 } } }))!;
    assert.deepEqual(out.key, { 'A.B': 12 });
    assert.deepEqual(out.value, { A: { B: 1 } });
  });

  it('passes tombstones through', () => {
    const record = sourceRecord({ value: null });
    assert.equal(configured(FlattenValue).apply(record), record);
    const withSchema = sourceRecord({ valueSchema: SchemaBuilder.struct().optional().build(), value: null });
    assert.equal(configured(FlattenValue).apply(withSchema), withSchema);
  });

  it('rejects maps in schemas, structs in schemaless data and other values', () => {
    const schema = SchemaBuilder.struct().field('m', SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build()).build();
    assertDataError(() => configured(FlattenValue).apply(sourceRecord({ valueSchema: schema, value: new Struct(schema).put('m', {}) })),
      /^Flatten transformation does not support MAP for record with schemas \(for field m\)\. \(transform Flatten\$Value, field m;/);
    const s2 = SchemaBuilder.struct().build();
    assertDataError(() => configured(FlattenValue).apply(sourceRecord({ value: { a: { s: new Struct(s2) } } })),
      /^Flatten transformation does not support class org\.apache\.kafka\.connect\.data\.Struct for record without schemas \(for field a\.s\)\./);
    assertDataError(() => configured(FlattenValue).apply(sourceRecord({ value: { d: new Date(0) } })),
      /^Flatten transformation was passed a value of type class java\.util\.Date which is not supported by Connect's data API/);
    assertDataError(() => configured(FlattenValue).apply(sourceRecord({ value: 42 })), /Only Map objects supported in absence of schema for \[flattening\]/);
    assertDataError(() => configured(FlattenValue).apply(sourceRecord({ valueSchema: Schema.INT32_SCHEMA, value: 42 })), /Only Struct objects supported for \[flattening\]/);
  });
});
