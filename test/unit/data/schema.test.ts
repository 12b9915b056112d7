import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BigDecimal, ConnectDate, ConnectSchema, DataException, Decimal, Field, Schema, SchemaBuilder, SchemaBuilderException,
  Struct, Time, Timestamp, schemaEquals, validateValue, type SchemaType,
} from '../../../src/data/index.js';

describe('Schema constants', () => {
  it('have Java names, types and optionality', () => {
    const types: SchemaType[] = ['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BOOLEAN', 'STRING', 'BYTES'];
    for (const t of types) {
      const name = t === 'BOOLEAN' ? 'BOOLEAN' : t;
      const req = (Schema as Record<string, Schema>)[`${name}_SCHEMA`]!;
      const opt = (Schema as Record<string, Schema>)[`OPTIONAL_${name}_SCHEMA`]!;
      assert.equal(req.type, t);
      assert.equal(req.optional, false);
      assert.equal(opt.type, t);
      assert.equal(opt.optional, true);
      assert.equal(req.defaultValue, undefined);
      assert.equal(req.name, undefined);
    }
  });

  it('fields/field() throw on non-struct schemas like Java', () => {
    assert.throws(() => Schema.INT32_SCHEMA.fields, { name: 'DataException', message: 'Cannot list fields on non-struct type' });
    assert.throws(() => Schema.INT32_SCHEMA.field('x'), { message: 'Cannot look up fields on non-struct type' });
    assert.equal(Schema.INT32_SCHEMA.keySchema, undefined);
    assert.equal(Schema.INT32_SCHEMA.valueSchema, undefined);
  });

  it('toString like Java', () => {
    assert.equal(String(Schema.INT32_SCHEMA), 'Schema{INT32}');
    assert.equal(String(ConnectDate.SCHEMA), 'Schema{org.apache.kafka.connect.data.Date:INT32}');
  });
});

describe('SchemaBuilder', () => {
  it('builds a struct with metadata and O(1) field lookup', () => {
    const s = SchemaBuilder.struct().name('com.example.Person').version(2).doc('a person').parameter('k', 'v')
      .field('name', Schema.STRING_SCHEMA).field('age', SchemaBuilder.int32().optional()).optional().build();
    assert.ok(s instanceof ConnectSchema);
    assert.equal(s.type, 'STRUCT');
    assert.equal(s.name, 'com.example.Person');
    assert.equal(s.version, 2);
    assert.equal(s.doc, 'a person');
    assert.deepEqual(s.parameters, { k: 'v' });
    assert.equal(s.optional, true);
    assert.deepEqual(s.fields.map((f) => [f.name, f.index, f.schema.type, f.schema.optional]), [
      ['name', 0, 'STRING', false], ['age', 1, 'INT32', true],
    ]);
    assert.equal(s.field('age')!.index, 1);
    assert.equal(s.field('nope'), undefined);
    assert.ok(Object.isFrozen(s.fields));
    assert.ok(Object.isFrozen(s.parameters));
  });

  it('array and map', () => {
    const a = SchemaBuilder.array(Schema.INT32_SCHEMA).build();
    assert.equal(a.type, 'ARRAY');
    assert.equal(a.valueSchema, Schema.INT32_SCHEMA);
    const m = SchemaBuilder.map(Schema.STRING_SCHEMA, SchemaBuilder.float64().optional()).build();
    assert.equal(m.keySchema, Schema.STRING_SCHEMA);
    assert.equal(m.valueSchema!.type, 'FLOAT64');
    assert.throws(() => SchemaBuilder.array(null as unknown as Schema), { name: 'SchemaBuilderException', message: 'valueSchema cannot be null.' });
    assert.throws(() => SchemaBuilder.map(null as unknown as Schema, Schema.INT8_SCHEMA), { message: 'keySchema cannot be null.' });
    assert.throws(() => SchemaBuilder.map(Schema.INT8_SCHEMA, null as unknown as Schema), { message: 'valueSchema cannot be null.' });
  });

  it('throws SchemaBuilderException (a DataException) when a property is set twice', () => {
    const err = (field: string) => ({ name: 'SchemaBuilderException', message: `Invalid SchemaBuilder call: ${field} has already been set.` });
    assert.throws(() => SchemaBuilder.int8().name('a').name('b'), err('name'));
    assert.throws(() => SchemaBuilder.int8().version(1).version(2), err('version'));
    assert.throws(() => SchemaBuilder.int8().doc('a').doc('b'), err('doc'));
    assert.throws(() => SchemaBuilder.int8().optional().required(), err('optional'));
    assert.throws(() => SchemaBuilder.int8().defaultValue(1).defaultValue(2), err('default'));
    // same value again is allowed, as Java's identity check allows it for interned values
    SchemaBuilder.int8().optional().optional().name('a').name('a');
    try {
      SchemaBuilder.int8().name('a').name('b');
    } catch (e) {
      assert.ok(e instanceof SchemaBuilderException);
      assert.ok(e instanceof DataException);
    }
  });

  it('validates default values', () => {
    assert.throws(() => SchemaBuilder.int32().defaultValue('x'), (e: unknown) => {
      assert.ok(e instanceof SchemaBuilderException);
      assert.equal(e.message, 'Invalid default value');
      assert.match(String((e.cause as Error).message), /Invalid Java object for schema with type INT32: class java.lang.String for value/);
      return true;
    });
    assert.throws(() => SchemaBuilder.int8().defaultValue(300), SchemaBuilderException);
    assert.throws(() => SchemaBuilder.string().defaultValue(null), SchemaBuilderException);
    assert.equal(SchemaBuilder.string().optional().defaultValue(null).build().defaultValue, undefined);
    assert.equal(SchemaBuilder.string().defaultValue('d').build().defaultValue, 'd');
    // logical defaults are checked against the logical class
    assert.throws(() => Decimal.builder(2).defaultValue(new Uint8Array([1])), SchemaBuilderException);
    assert.ok(Decimal.builder(2).defaultValue(BigDecimal.fromString('1.00')).build().defaultValue instanceof BigDecimal);
  });

  it('field errors', () => {
    assert.throws(() => SchemaBuilder.int32().field('a', Schema.INT8_SCHEMA), { message: 'Cannot create fields on type INT32' });
    assert.throws(() => SchemaBuilder.struct().field('', Schema.INT8_SCHEMA), { message: 'fieldName cannot be null.' });
    assert.throws(() => SchemaBuilder.struct().field('a', null as unknown as Schema), { message: 'fieldSchema for field a cannot be null.' });
    assert.throws(() => SchemaBuilder.struct().field('a', Schema.INT8_SCHEMA).field('a', Schema.INT8_SCHEMA),
      { message: 'Cannot create field because of field name duplication a' });
  });

  it('parameters() is additive and ignores an empty object', () => {
    assert.equal(SchemaBuilder.string().parameters({}).build().parameters, undefined);
    const s = SchemaBuilder.string().parameter('a', '1').parameters({ b: '2' }).parameters(new Map([['c', '3']])).build();
    assert.deepEqual(s.parameters, { a: '1', b: '2', c: '3' });
  });
});

describe('schemaEquals', () => {
  const mk = () => SchemaBuilder.struct().name('n').version(1).doc('d').parameter('p', 'q')
    .field('a', SchemaBuilder.int32().optional().defaultValue(5))
    .field('m', SchemaBuilder.map(Schema.STRING_SCHEMA, SchemaBuilder.array(Schema.BYTES_SCHEMA)))
    .build();

  it('is deep and structural', () => {
    assert.ok(schemaEquals(mk(), mk()));
    assert.ok(mk().equals(mk()));
    assert.ok(schemaEquals(null, undefined) === false);
    assert.ok(schemaEquals(null, null));
    assert.ok(!schemaEquals(mk(), null));
  });

  it('sees every difference', () => {
    const base = SchemaBuilder.int32();
    const variants = [
      SchemaBuilder.int64().build(),
      SchemaBuilder.int32().optional().build(),
      SchemaBuilder.int32().name('x').build(),
      SchemaBuilder.int32().version(1).build(),
      SchemaBuilder.int32().doc('x').build(),
      SchemaBuilder.int32().parameter('a', 'b').build(),
      SchemaBuilder.int32().defaultValue(1).build(),
    ];
    for (const v of variants) assert.ok(!schemaEquals(base.build(), v), String(v));
    assert.ok(!schemaEquals(SchemaBuilder.array(Schema.INT8_SCHEMA).build(), SchemaBuilder.array(Schema.INT16_SCHEMA).build()));
    assert.ok(!schemaEquals(SchemaBuilder.struct().field('a', Schema.INT8_SCHEMA).build(), SchemaBuilder.struct().field('b', Schema.INT8_SCHEMA).build()));
    assert.ok(!schemaEquals(SchemaBuilder.bytes().defaultValue(new Uint8Array([1])).build(), SchemaBuilder.bytes().defaultValue(new Uint8Array([2])).build()));
    assert.ok(schemaEquals(SchemaBuilder.bytes().defaultValue(new Uint8Array([1])).build(), SchemaBuilder.bytes().defaultValue(Buffer.from([1])).build()));
  });

  it('Field equality and toString', () => {
    const f = new Field('a', 0, Schema.INT8_SCHEMA);
    assert.ok(f.equals(new Field('a', 0, SchemaBuilder.int8().build())));
    assert.ok(!f.equals(new Field('a', 1, Schema.INT8_SCHEMA)));
    assert.equal(String(f), 'Field{name=a, index=0, schema=Schema{INT8}}');
  });
});

describe('validateValue', () => {
  const ok: [Schema, unknown][] = [
    [Schema.INT8_SCHEMA, -128], [Schema.INT8_SCHEMA, 127],
    [Schema.INT16_SCHEMA, -32768], [Schema.INT16_SCHEMA, 32767],
    [Schema.INT32_SCHEMA, -2147483648], [Schema.INT32_SCHEMA, 2147483647],
    [Schema.INT64_SCHEMA, Number.MAX_SAFE_INTEGER], [Schema.INT64_SCHEMA, 9223372036854775807n], [Schema.INT64_SCHEMA, -9223372036854775808n],
    [Schema.FLOAT32_SCHEMA, 1.5], [Schema.FLOAT64_SCHEMA, NaN], [Schema.FLOAT64_SCHEMA, 3],
    [Schema.BOOLEAN_SCHEMA, false], [Schema.STRING_SCHEMA, ''],
    [Schema.BYTES_SCHEMA, new Uint8Array(0)], [Schema.BYTES_SCHEMA, Buffer.from('x')],
    [SchemaBuilder.array(Schema.INT32_SCHEMA).build(), [1, 2]],
    [SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build(), { a: 1 }],
    [SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build(), new Map([['a', 1]])],
    [SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).build(), new Map([[1, 'a']])],
    [Decimal.schema(2), BigDecimal.fromString('1.23')],
    [ConnectDate.SCHEMA, new Date(0)], [Time.SCHEMA, new Date(1000)], [Timestamp.SCHEMA, new Date()],
    [Schema.OPTIONAL_STRING_SCHEMA, null], [Schema.OPTIONAL_STRING_SCHEMA, undefined],
  ];
  it('accepts the JS form of every type', () => {
    for (const [s, v] of ok) validateValue(s, v);
  });

  const bad: [Schema, unknown, string][] = [
    [Schema.INT8_SCHEMA, 128, 'Invalid Java object for schema with type INT8: class java.lang.Integer for value'],
    [Schema.INT16_SCHEMA, 40000, 'Invalid Java object for schema with type INT16: class java.lang.Integer for value'],
    [Schema.INT32_SCHEMA, 1.5, 'Invalid Java object for schema with type INT32: class java.lang.Double for value'],
    [Schema.INT32_SCHEMA, 2147483648, 'Invalid Java object for schema with type INT32: class java.lang.Long for value'],
    [Schema.INT32_SCHEMA, 5n, 'Invalid Java object for schema with type INT32: class java.lang.Long for value'],
    [Schema.INT64_SCHEMA, 2n ** 63n, 'Invalid Java object for schema with type INT64: class java.math.BigInteger for value'],
    [Schema.INT64_SCHEMA, 0.5, 'Invalid Java object for schema with type INT64: class java.lang.Double for value'],
    [Schema.FLOAT64_SCHEMA, '1', 'Invalid Java object for schema with type FLOAT64: class java.lang.String for value'],
    [Schema.BOOLEAN_SCHEMA, 1, 'Invalid Java object for schema with type BOOLEAN: class java.lang.Integer for value'],
    [Schema.STRING_SCHEMA, true, 'Invalid Java object for schema with type STRING: class java.lang.Boolean for value'],
    [Schema.BYTES_SCHEMA, [1], 'Invalid Java object for schema with type BYTES: class java.util.ArrayList for value'],
    [SchemaBuilder.array(Schema.INT32_SCHEMA).build(), { a: 1 }, 'Invalid Java object for schema with type ARRAY: class java.util.HashMap for value'],
    [SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build(), [1], 'Invalid Java object for schema with type MAP: class java.util.ArrayList for value'],
    [SchemaBuilder.struct().build(), {}, 'Invalid Java object for schema with type STRUCT: class java.util.HashMap for value'],
    [Decimal.schema(2), 1.5, 'Invalid Java object for schema "org.apache.kafka.connect.data.Decimal" with type BYTES: class java.lang.Double for value'],
    [Timestamp.SCHEMA, 1000, 'Invalid Java object for schema "org.apache.kafka.connect.data.Timestamp" with type INT64: class java.lang.Integer for value'],
    [Schema.STRING_SCHEMA, null, 'Invalid value: null used for required value, schema type: STRING'],
    [SchemaBuilder.array(Schema.INT32_SCHEMA).build(), [1, 'x'], 'Invalid Java object for schema with type INT32: class java.lang.String for element of array value'],
    [SchemaBuilder.array(Schema.INT32_SCHEMA).build(), [null], 'Invalid value: null used for required element of array value, schema type: INT32'],
    [SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build(), { a: 'x' }, 'Invalid Java object for schema with type INT32: class java.lang.String for value of map value'],
    [SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.INT32_SCHEMA).build(), { a: 1 }, 'Invalid Java object for schema with type INT32: class java.lang.String for key of map value'],
    [new ConnectSchema('ARRAY'), [1], 'No schema defined for element of array value'],
  ];
  it('rejects wrong values with Java messages', () => {
    for (const [s, v, msg] of bad) assert.throws(() => validateValue(s, v), { name: 'DataException', message: msg }, msg);
  });

  it('names the field', () => {
    assert.throws(() => validateValue(Schema.INT32_SCHEMA, 'x', 'age'),
      { message: 'Invalid Java object for schema with type INT32: class java.lang.String for field: "age"' });
    assert.throws(() => validateValue(Schema.INT32_SCHEMA, null, 'age'),
      { message: 'Invalid value: null used for required field: "age", schema type: INT32' });
  });

  it('checks nested structs against the schema', () => {
    const inner = SchemaBuilder.struct().field('x', Schema.INT32_SCHEMA).build();
    const other = SchemaBuilder.struct().field('y', Schema.INT32_SCHEMA).build();
    assert.throws(() => validateValue(inner, new Struct(other).put('y', 1)), { message: 'Struct schemas do not match.' });
    assert.throws(() => validateValue(inner, new Struct(inner)), { message: 'Invalid value: null used for required field: "x", schema type: INT32' });
    validateValue(inner, new Struct(SchemaBuilder.struct().field('x', Schema.INT32_SCHEMA).build()).put('x', 1));
  });
});
