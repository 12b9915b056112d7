import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BigDecimal, ConnectDate, ConnectHeader, ConnectHeaders, DataException, Decimal, Schema, SchemaBuilder, Struct, Time, Timestamp, schemaEquals,
} from '../../../src/data/index.js';

describe('ConnectHeaders', () => {
  it('keeps order and repeated keys', () => {
    const h = new ConnectHeaders().addString('a', 'x').addInt('b', 1).addString('a', 'y');
    assert.equal(h.size, 3);
    assert.ok(!h.isEmpty());
    assert.deepEqual([...h].map((x) => [x.key, x.value]), [['a', 'x'], ['b', 1], ['a', 'y']]);
    assert.equal(h.lastWithName('a')!.value, 'y');
    assert.equal(h.lastWithName('zzz'), undefined);
    assert.deepEqual(h.allWithName('a').map((x) => x.value), ['x', 'y']);
    assert.equal(h.lastWithName('b')!.schema, Schema.INT32_SCHEMA);
  });

  it('add() checks the value against the schema', () => {
    const h = new ConnectHeaders();
    h.add('k', 'v', Schema.STRING_SCHEMA).add('n', null, Schema.OPTIONAL_INT8_SCHEMA).add('free', { any: 1 });
    assert.equal(h.lastWithName('free')!.schema, null);
    assert.throws(() => h.add('k', 1, Schema.STRING_SCHEMA), { name: 'DataException', message: 'The value 1 is not compatible with the schema Schema{STRING}' });
    assert.throws(() => h.add('k', null, Schema.STRING_SCHEMA), { message: 'A null value requires an optional schema but was Schema{STRING}' });
    h.add('ts', new Date(0), Timestamp.SCHEMA).add('d', BigDecimal.fromString('1.5'), Decimal.schema(1));
    h.add(new ConnectHeader('raw', null, 1));
    assert.equal(h.size, 6);
  });

  it('typed adders', () => {
    const s = SchemaBuilder.struct().field('x', Schema.INT32_SCHEMA).build();
    const h = new ConnectHeaders()
      .addBoolean('bool', true).addByte('i8', 1).addShort('i16', 2).addLong('i64', 3n).addFloat('f32', 1.5).addDouble('f64', 2.5)
      .addBytes('bytes', Buffer.from('x')).addList('list', [1], SchemaBuilder.array(Schema.INT32_SCHEMA).build())
      .addMap('map', { a: 1 }, SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build())
      .addStruct('struct', new Struct(s).put('x', 1)).addDecimal('dec', BigDecimal.fromString('1.25'))
      .addDate('date', new Date(0)).addTime('time', new Date(1000)).addTimestamp('ts', new Date(5)).addString('nul', null);
    assert.deepEqual([...h].map((x) => x.schema?.type), ['BOOLEAN', 'INT8', 'INT16', 'INT64', 'FLOAT32', 'FLOAT64', 'BYTES', 'ARRAY', 'MAP', 'STRUCT', 'BYTES', 'INT32', 'INT32', 'INT64', 'STRING']);
    assert.ok(schemaEquals(h.lastWithName('dec')!.schema, Decimal.schema(2)));
    assert.equal(h.lastWithName('date')!.schema, ConnectDate.SCHEMA);
    assert.equal(h.lastWithName('time')!.schema, Time.SCHEMA);
    assert.equal(h.lastWithName('nul')!.schema, Schema.OPTIONAL_STRING_SCHEMA);
    assert.throws(() => new ConnectHeaders().addDate('d', new Date(5)), DataException);
    assert.throws(() => new ConnectHeaders().addList('l', [1], Schema.INT32_SCHEMA), { message: 'Expecting ARRAY but instead found INT32' });
  });

  it('a Struct header without schema carries the struct schema', () => {
    const s = SchemaBuilder.struct().field('x', Schema.INT32_SCHEMA).build();
    const h = new ConnectHeaders().add('s', new Struct(s).put('x', 1));
    assert.equal(h.lastWithName('s')!.schema, s);
  });

  it('remove, retainLatest, clear, apply', () => {
    const mk = () => new ConnectHeaders().addInt('a', 1).addInt('b', 2).addInt('a', 3).addInt('c', 4).addInt('b', 5);
    assert.deepEqual([...mk().remove('a')].map((x) => x.value), [2, 4, 5]);
    assert.deepEqual([...mk().retainLatest()].map((x) => [x.key, x.value]), [['a', 3], ['c', 4], ['b', 5]]);
    assert.deepEqual([...mk().retainLatest('b')].map((x) => x.value), [1, 3, 4, 5]);
    assert.equal(mk().clear().size, 0);
    assert.ok(mk().clear().isEmpty());
    const applied = mk().apply('a', (x) => (x.value === 1 ? null : new ConnectHeader(x.key, x.schema, 30)));
    assert.deepEqual([...applied].map((x) => x.value), [2, 30, 4, 5]);
    const all = mk().apply((x) => (x.key === 'b' ? null : x));
    assert.deepEqual([...all].map((x) => x.value), [1, 3, 4]);
  });

  it('duplicate() copies the list', () => {
    const a = new ConnectHeaders().addInt('a', 1);
    const b = a.duplicate();
    b.addInt('b', 2);
    assert.equal(a.size, 1);
    assert.equal(b.size, 2);
    assert.ok(a.equals(new ConnectHeaders().addInt('a', 1)));
    assert.ok(!a.equals(b));
    assert.equal(new ConnectHeaders(a).size, 1);
    assert.equal(new ConnectHeaders([new ConnectHeader('x', null, 1)]).size, 1);
  });

  it('ConnectHeader rename/with/equals/toString', () => {
    const h = new ConnectHeader('a', Schema.INT32_SCHEMA, 1);
    assert.equal(h.rename('a'), h);
    assert.equal(h.rename('b').key, 'b');
    assert.equal(h.with(Schema.STRING_SCHEMA, 'x').value, 'x');
    assert.ok(h.equals(new ConnectHeader('a', SchemaBuilder.int32().build(), 1)));
    assert.equal(String(h), 'ConnectHeader(key=a, value=1, schema=Schema{INT32})');
  });
});
