import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ArithmeticException, BigDecimal, ConnectDate, Decimal, NumberFormatException, Schema, SchemaBuilder, Time, Timestamp,
} from '../../../src/data/index.js';
import { formatJavaDouble, formatJavaFloat } from '../../../src/data/JavaFormat.js';

describe('BigDecimal', () => {
  it('parses Java BigDecimal syntax', () => {
    const cases: [string, bigint, number][] = [
      ['1.56', 156n, 2], ['-1.56', -156n, 2], ['1.5600', 15600n, 4], ['0', 0n, 0], ['+7', 7n, 0],
      ['1E+3', 1n, -3], ['1e3', 1n, -3], ['1.23E-10', 123n, 12], ['.5', 5n, 1], ['5.', 5n, 0], ['-0.001', -1n, 3],
      ['1.23456789123456789', 123456789123456789n, 17],
    ];
    for (const [s, u, sc] of cases) {
      const d = BigDecimal.fromString(s);
      assert.equal(d.unscaled, u, s);
      assert.equal(d.scale, sc, s);
    }
    for (const bad of ['', '-', '.', 'abc', '1.2.3', '1e', '0x10', ' 1', 'NaN']) {
      assert.throws(() => BigDecimal.fromString(bad), NumberFormatException, bad);
    }
  });

  it('toString like Java (scientific for small/negative scales), toPlainString never', () => {
    const cases: [bigint, number, string, string][] = [
      [156n, 2, '1.56', '1.56'],
      [-156n, 2, '-1.56', '-1.56'],
      [15600n, 4, '1.5600', '1.5600'],
      [1n, 6, '0.000001', '0.000001'],
      [1n, 7, '1E-7', '0.0000001'],
      [123n, 12, '1.23E-10', '0.000000000123'],
      [1n, -3, '1E+3', '1000'],
      [123n, -2, '1.23E+4', '12300'],
      [0n, 2, '0.00', '0.00'],
      [0n, -2, '0E+2', '0'],
      [-5n, 0, '-5', '-5'],
    ];
    for (const [u, s, str, plain] of cases) {
      const d = new BigDecimal(u, s);
      assert.equal(d.toString(), str);
      assert.equal(d.toPlainString(), plain);
    }
  });

  it('fromNumber like BigDecimal.valueOf', () => {
    assert.deepEqual([BigDecimal.fromNumber(5).unscaled, BigDecimal.fromNumber(5).scale], [5n, 0]);
    assert.equal(BigDecimal.fromNumber(0.1).toString(), '0.1');
    assert.equal(BigDecimal.fromNumber(1.5e-10).toString(), '1.5E-10');
    assert.throws(() => BigDecimal.fromNumber(NaN), NumberFormatException);
  });

  it('setScale, compareTo, equals, toNumber, longValue', () => {
    const d = BigDecimal.fromString('1.25');
    assert.equal(d.setScale(4).toString(), '1.2500');
    assert.throws(() => d.setScale(1), ArithmeticException);
    assert.equal(d.setScale(1, 'HALF_UP').toString(), '1.3');
    assert.equal(d.setScale(1, 'HALF_EVEN').toString(), '1.2');
    assert.equal(d.setScale(1, 'HALF_DOWN').toString(), '1.2');
    assert.equal(d.negate().setScale(1, 'FLOOR').toString(), '-1.3');
    assert.equal(d.negate().setScale(1, 'CEILING').toString(), '-1.2');
    assert.equal(d.setScale(0, 'UP').toString(), '2');
    assert.equal(d.setScale(0, 'DOWN').toString(), '1');
    assert.equal(BigDecimal.fromString('1.0').compareTo(BigDecimal.fromString('1.00')), 0);
    assert.ok(!BigDecimal.fromString('1.0').equals(BigDecimal.fromString('1.00')));
    assert.ok(BigDecimal.fromString('1.0').equals(new BigDecimal(10n, 1)));
    assert.equal(BigDecimal.fromString('-12.75').toNumber(), -12.75);
    assert.equal(BigDecimal.fromString('-12.75').longValue(), -12n);
    assert.equal(BigDecimal.fromString('1e100').longValue(), 0n);
    assert.equal(BigDecimal.fromString('1e-1000000000').toBigInt(), 0n);
    assert.equal(JSON.stringify({ d: BigDecimal.fromString('1.50') }), '{"d":"1.50"}');
  });
});

describe('Decimal', () => {
  it('has Java\'s schema', () => {
    const s = Decimal.schema(2);
    assert.equal(s.type, 'BYTES');
    assert.equal(s.name, 'org.apache.kafka.connect.data.Decimal');
    assert.equal(s.version, 1);
    assert.deepEqual(s.parameters, { scale: '2' });
    assert.equal(Decimal.LOGICAL_NAME, 'org.apache.kafka.connect.data.Decimal');
    assert.equal(Decimal.SCALE_FIELD, 'scale');
    assert.ok(Decimal.builder(3).optional().build().optional);
  });

  it('encodes the unscaled value as minimal two\'s-complement big-endian bytes (BigInteger.toByteArray)', () => {
    const cases: [string, number, number[]][] = [
      ['1.56', 2, [0x00, 0x9c]],
      ['-1.56', 2, [0xff, 0x64]],
      ['0', 0, [0x00]],
      ['1.27', 2, [0x7f]],
      ['1.28', 2, [0x00, 0x80]],
      ['-1.28', 2, [0x80]],
      ['-1.29', 2, [0xff, 0x7f]],
      ['9223372036854775808', 0, [0x00, 0x80, 0, 0, 0, 0, 0, 0, 0]],
      ['-9223372036854775808', 0, [0x80, 0, 0, 0, 0, 0, 0, 0]],
      ['-0.000001', 6, [0xff]],
      ['123456789012345678901234567890.12', 2, [...Buffer.from('009bd30a3c645943dd1690a03a14', 'hex')]],
    ];
    for (const [str, scale, bytes] of cases) {
      const schema = Decimal.schema(scale);
      const v = BigDecimal.fromString(str);
      assert.deepEqual([...Decimal.fromLogical(schema, v)], bytes, str);
      const back = Decimal.toLogical(schema, Uint8Array.from(bytes));
      assert.ok(back.equals(v), `${str} → ${back}`);
    }
  });

  it('rejects mismatching scales and bad schemas like Java', () => {
    assert.throws(() => Decimal.fromLogical(Decimal.schema(2), BigDecimal.fromString('1.5')), {
      name: 'DataException',
      message: 'Decimal value has mismatching scale for given Decimal schema. Schema has scale 2, value has scale 1.',
    });
    assert.throws(() => Decimal.toLogical(Schema.BYTES_SCHEMA, new Uint8Array([1])), { message: 'Invalid Decimal schema: scale parameter not found.' });
    assert.throws(() => Decimal.toLogical(SchemaBuilder.bytes().parameter('scale', 'x').build(), new Uint8Array([1])),
      { message: 'Invalid scale parameter found in Decimal schema: ' });
    assert.throws(() => Decimal.toLogical(Decimal.schema(0), new Uint8Array(0)), NumberFormatException);
  });

  it('negative scales', () => {
    const s = Decimal.schema(-2);
    const v = BigDecimal.fromString('1.5E+3'); // unscaled 15, scale -2
    assert.equal(v.scale, -2);
    assert.deepEqual([...Decimal.fromLogical(s, v)], [15]);
    assert.equal(Decimal.toLogical(s, new Uint8Array([0xf1])).toString(), '-1.5E+3');
  });
});

describe('Date / Time / Timestamp', () => {
  it('have Java\'s schemas', () => {
    assert.deepEqual([ConnectDate.SCHEMA.type, ConnectDate.SCHEMA.name, ConnectDate.SCHEMA.version], ['INT32', 'org.apache.kafka.connect.data.Date', 1]);
    assert.deepEqual([Time.SCHEMA.type, Time.SCHEMA.name, Time.SCHEMA.version], ['INT32', 'org.apache.kafka.connect.data.Time', 1]);
    assert.deepEqual([Timestamp.SCHEMA.type, Timestamp.SCHEMA.name, Timestamp.SCHEMA.version], ['INT64', 'org.apache.kafka.connect.data.Timestamp', 1]);
    assert.ok(ConnectDate.builder().optional().build().optional);
  });

  it('Date: days since epoch at UTC midnight', () => {
    assert.equal(ConnectDate.fromLogical(ConnectDate.SCHEMA, new Date(Date.UTC(1997, 4, 1))), 9982);
    assert.equal(ConnectDate.fromLogical(ConnectDate.SCHEMA, new Date(Date.UTC(1969, 11, 31))), -1);
    assert.equal(ConnectDate.toLogical(ConnectDate.SCHEMA, 10000).toISOString(), '1997-05-19T00:00:00.000Z');
    assert.equal(ConnectDate.toLogical(ConnectDate.SCHEMA, -1).toISOString(), '1969-12-31T00:00:00.000Z');
    assert.throws(() => ConnectDate.fromLogical(ConnectDate.SCHEMA, new Date(1)),
      { message: 'Kafka Connect Date type should not have any time fields set to non-zero values.' });
    assert.throws(() => ConnectDate.fromLogical(Schema.INT32_SCHEMA, new Date(0)),
      { message: 'Requested conversion of Date object but the schema does not match.' });
    assert.throws(() => ConnectDate.toLogical(Schema.INT32_SCHEMA, 0), { message: 'Requested conversion of Date object but the schema does not match.' });
  });

  it('Time: milliseconds of day on 1970-01-01', () => {
    assert.equal(Time.fromLogical(Time.SCHEMA, new Date(14400000)), 14400000);
    assert.equal(Time.toLogical(Time.SCHEMA, 14400000).getTime(), 14400000);
    assert.throws(() => Time.fromLogical(Time.SCHEMA, new Date(86400001)),
      { message: 'Kafka Connect Time type should not have any date fields set to non-zero values.' });
    assert.throws(() => Time.fromLogical(Time.SCHEMA, new Date(-1)), /should not have any date fields/);
    assert.throws(() => Time.toLogical(Time.SCHEMA, -5),
      { message: 'Time values must use number of milliseconds greater than 0 and less than 86400000' });
    assert.throws(() => Time.fromLogical(Schema.INT32_SCHEMA, new Date(0)), { message: 'Requested conversion of Time object but the schema does not match.' });
  });

  it('Timestamp: milliseconds since epoch', () => {
    assert.equal(Timestamp.fromLogical(Timestamp.SCHEMA, new Date(4000000000)), 4000000000);
    assert.equal(Timestamp.toLogical(Timestamp.SCHEMA, 4000000000).getTime(), 4000000000);
    assert.equal(Timestamp.toLogical(Timestamp.SCHEMA, 42n).getTime(), 42);
    assert.throws(() => Timestamp.toLogical(Schema.INT64_SCHEMA, 0), { message: 'Requested conversion of Timestamp object but the schema does not match.' });
  });
});

describe('Java number formatting', () => {
  it('Double.toString', () => {
    const cases: [number, string][] = [
      [1, '1.0'], [0, '0.0'], [-0, '-0.0'], [12.34, '12.34'], [-1.5, '-1.5'], [0.001, '0.001'], [0.0001, '1.0E-4'],
      [1.5e-4, '1.5E-4'], [9999999, '9999999.0'], [1e7, '1.0E7'], [12345678.9, '1.23456789E7'], [1e21, '1.0E21'],
      [123456789012, '1.23456789012E11'], [Number.MAX_VALUE, '1.7976931348623157E308'], [Number.MIN_VALUE, '4.9E-324'],
      [0.1 + 0.2, '0.30000000000000004'], [NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity'], [100, '100.0'],
    ];
    for (const [v, s] of cases) assert.equal(formatJavaDouble(v), s, String(v));
  });

  it('Float.toString', () => {
    const cases: [number, string][] = [
      [12.34, '12.34'], [1, '1.0'], [0.1, '0.1'], [1e10, '1.0E10'], [3.4028234663852886e38, '3.4028235E38'],
      [1.4e-45, '1.4E-45'], [16777216, '1.6777216E7'], [1234567, '1234567.0'], [0.001, '0.001'], [1.1, '1.1'], [-0, '-0.0'],
      [NaN, 'NaN'], [1 / 3, '0.33333334'],
    ];
    for (const [v, s] of cases) assert.equal(formatJavaFloat(v), s, String(v));
  });
});
