import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BigDecimal, Decimal, Schema, SchemaBuilder, Struct, Timestamp } from '../../../src/data/index.js';

const schema = SchemaBuilder.struct().name('s')
  .field('i8', Schema.INT8_SCHEMA)
  .field('i64', Schema.OPTIONAL_INT64_SCHEMA)
  .field('f', Schema.OPTIONAL_FLOAT64_SCHEMA)
  .field('s', SchemaBuilder.string().optional().defaultValue('dflt'))
  .field('b', Schema.OPTIONAL_BYTES_SCHEMA)
  .field('arr', SchemaBuilder.array(Schema.STRING_SCHEMA).optional())
  .field('map', SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).optional())
  .field('nested', SchemaBuilder.struct().field('x', Schema.BOOLEAN_SCHEMA).optional())
  .field('dec', Decimal.builder(2).optional())
  .build();

describe('Struct', () => {
  it('puts and gets by name and by Field, values indexed by position', () => {
    const st = new Struct(schema).put('i8', 1).put(schema.field('i64')!, 9007199254740993n);
    assert.equal(st.get('i8'), 1);
    assert.equal(st.get(schema.field('i64')!), 9007199254740993n);
    assert.equal(st.get('f'), null);
    assert.equal(st._values[0], 1);
  });

  it('get() returns the field default for null values, getWithoutDefault() does not', () => {
    const st = new Struct(schema);
    assert.equal(st.get('s'), 'dflt');
    assert.equal(st.getWithoutDefault('s'), null);
    st.put('s', 'x');
    assert.equal(st.get('s'), 'x');
  });

  it('validates puts and names the field', () => {
    const st = new Struct(schema);
    assert.throws(() => st.put('i8', 'x'), { name: 'DataException', message: 'Invalid Java object for schema with type INT8: class java.lang.String for field: "i8"' });
    assert.throws(() => st.put('i8', null), { message: 'Invalid value: null used for required field: "i8", schema type: INT8' });
    assert.throws(() => st.put('nope', 1), { message: 'nope is not a valid field name' });
    assert.throws(() => st.get('nope'), { message: 'nope is not a valid field name' });
    assert.throws(() => st.put('arr', ['a', 1]), { message: 'Invalid Java object for schema with type STRING: class java.lang.Integer for element of array field: "arr"' });
    assert.throws(() => st.put('dec', 1.5), /Invalid Java object for schema "org.apache.kafka.connect.data.Decimal" with type BYTES/);
  });

  it('validate() requires every required field without default', () => {
    const st = new Struct(schema);
    assert.throws(() => st.validate(), { message: 'Invalid value: null used for required field: "i8", schema type: INT8' });
    st.put('i8', 0);
    st.validate();
  });

  it('typed getters check the type', () => {
    const st = new Struct(schema).put('i8', 3).put('arr', ['a']).put('nested', new Struct(schema.field('nested')!.schema).put('x', true));
    assert.equal(st.getInt8('i8'), 3);
    assert.deepEqual(st.getArray('arr'), ['a']);
    assert.equal(st.getStruct('nested')!.getBoolean('x'), true);
    assert.equal(st.getString('s'), null); // typed getters do not apply defaults (Java)
    assert.throws(() => st.getInt32('i8'), { message: "Field 'i8' is not of type INT32" });
  });

  it('rejects non-struct schemas', () => {
    assert.throws(() => new Struct(Schema.INT32_SCHEMA), { message: 'Not a struct schema: Schema{INT32}' });
  });

  it('equals compares schema and values deeply', () => {
    const mk = () => new Struct(schema).put('i8', 1).put('b', Buffer.from([1, 2])).put('map', { a: 1 }).put('dec', BigDecimal.fromString('1.50'))
      .put('nested', new Struct(schema.field('nested')!.schema).put('x', false));
    assert.ok(mk().equals(mk()));
    assert.ok(!mk().equals(mk().put('i8', 2)));
    assert.ok(!mk().equals(mk().put('dec', BigDecimal.fromString('1.55'))));
    assert.ok(!mk().equals(mk().put('b', Buffer.from([1, 3]))));
  });

  it('toString like Java (non-null fields only)', () => {
    const st = new Struct(schema).put('i8', 1).put('f', 2).put('s', 'x').put('arr', ['a', 'b']).put('map', { k: 1 })
      .put('nested', new Struct(schema.field('nested')!.schema).put('x', true)).put('dec', BigDecimal.fromString('-1.05'));
    assert.equal(st.toString(), 'Struct{i8=1,f=2.0,s=x,arr=[a, b],map={k=1},nested=Struct{x=true},dec=-1.05}');
  });

  it('holds logical values', () => {
    const s2 = SchemaBuilder.struct().field('ts', Timestamp.SCHEMA).build();
    const d = new Date(1234);
    assert.equal(new Struct(s2).put('ts', d).get('ts'), d);
  });
});
