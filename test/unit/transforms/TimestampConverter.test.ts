import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectDate } from '../../../src/data/Date.js';
import { Schema, schemaEquals } from '../../../src/data/Schema.js';
import { SchemaBuilder } from '../../../src/data/SchemaBuilder.js';
import { Struct } from '../../../src/data/Struct.js';
import { Time } from '../../../src/data/Time.js';
import { Timestamp } from '../../../src/data/Timestamp.js';
import { TimestampConverterKey, TimestampConverterValue } from '../../../transforms/TimestampConverter.js';
import { assertConfigError, assertDataError, configured, sourceRecord } from './helpers.js';

const DAY = 86_400_000;
const TIME = new Date(1234);
const DATE = new Date(DAY);
const DATE_PLUS_TIME = new Date(DAY + 1234);
const DATE_PLUS_TIME_UNIX = DAY + 1234;
const STRING_DATE_FMT = 'yyyy MM dd HH mm ss SSS z';
const DATE_PLUS_TIME_STRING = '1970 01 02 00 00 01 234 UTC';

function convert(props: Record<string, string>, value: unknown, schema: Schema | null = null): { schema: Schema | null; value: unknown } {
  const out = configured(TimestampConverterValue, props).apply(sourceRecord({ valueSchema: schema, value }))!;
  return { schema: out.valueSchema, value: out.value };
}

describe('TimestampConverter', () => {
  describe('config', () => {
    it('rejects bad configs', () => {
      assertConfigError(TimestampConverterValue, {}, /Missing required configuration "target.type"/);
      assertConfigError(TimestampConverterValue, { 'target.type': 'invalid' },
        'Invalid value invalid for configuration target.type: String must be one of: string, unix, Date, Time, Timestamp');
      assertConfigError(TimestampConverterValue, { 'target.type': 'unix', 'unix.precision': 'invalid' },
        'Invalid value invalid for configuration unix.precision: String must be one of: nanoseconds, microseconds, milliseconds, seconds');
      assertConfigError(TimestampConverterValue, { 'target.type': 'string' },
        'Invalid value  for configuration format: TimestampConverter requires format option to be specified when using string timestamps');
      assertConfigError(TimestampConverterValue, { 'target.type': 'string', format: 'bad-format' },
        /^Invalid value bad-format for configuration format: TimestampConverter requires a SimpleDateFormat-compatible pattern for string timestamps: bad-format/);
    });
    it('accepts every unix precision', () => {
      for (const p of ['seconds', 'milliseconds', 'microseconds', 'nanoseconds']) configured(TimestampConverterValue, { 'target.type': 'unix', 'unix.precision': p });
    });
  });

  describe('schemaless', () => {
    it('converts a Timestamp (Date) to every type', () => {
      assert.deepEqual(convert({ 'target.type': 'Timestamp' }, DATE_PLUS_TIME).value, DATE_PLUS_TIME);
      assert.deepEqual(convert({ 'target.type': 'Date' }, DATE_PLUS_TIME).value, DATE);
      assert.deepEqual(convert({ 'target.type': 'Time' }, DATE_PLUS_TIME).value, TIME);
      assert.equal(convert({ 'target.type': 'unix' }, DATE_PLUS_TIME).value, DATE_PLUS_TIME_UNIX);
      const s = convert({ 'target.type': 'string', format: STRING_DATE_FMT }, DATE_PLUS_TIME);
      assert.equal(s.schema, null);
      assert.equal(s.value, DATE_PLUS_TIME_STRING);
    });

    it('converts unix (integral numbers) and strings to Timestamp', () => {
      assert.deepEqual(convert({ 'target.type': 'Timestamp' }, DATE_PLUS_TIME_UNIX).value, DATE_PLUS_TIME);
      assert.deepEqual(convert({ 'target.type': 'Timestamp' }, BigInt(DATE_PLUS_TIME_UNIX)).value, DATE_PLUS_TIME);
      assert.deepEqual(convert({ 'target.type': 'Timestamp', format: STRING_DATE_FMT }, DATE_PLUS_TIME_STRING).value, DATE_PLUS_TIME);
    });

    it('converts strings to unix in every precision, losing sub-millisecond parts', () => {
      const props = { 'target.type': 'unix', format: STRING_DATE_FMT };
      assert.equal(convert({ ...props, 'unix.precision': 'microseconds' }, DATE_PLUS_TIME_STRING).value, 86401234000);
      assert.equal(convert({ ...props, 'unix.precision': 'nanoseconds' }, DATE_PLUS_TIME_STRING).value, 86401234000000);
      assert.equal(convert({ ...props, 'unix.precision': 'seconds' }, DATE_PLUS_TIME_STRING).value, 86401);
    });

    it('reads unix timestamps in the configured precision', () => {
      assert.deepEqual(convert({ 'target.type': 'Timestamp', 'unix.precision': 'seconds' }, 86401).value, new Date(DAY + 1000));
      assert.deepEqual(convert({ 'target.type': 'Timestamp', 'unix.precision': 'microseconds' }, 86401234123).value, DATE_PLUS_TIME);
      assert.deepEqual(convert({ 'target.type': 'Timestamp', 'unix.precision': 'nanoseconds' }, 86401234123456n).value, DATE_PLUS_TIME);
    });

    it('passes null values through for every target type', () => {
      for (const t of ['string', 'unix', 'Date', 'Time', 'Timestamp']) {
        const out = convert({ 'target.type': t, format: STRING_DATE_FMT }, null);
        assert.equal(out.value, null);
        assert.equal(out.schema, null);
      }
    });

    it('converts one field of a map, a missing one to null', () => {
      const out = convert({ 'target.type': 'Date', field: 'ts' }, { ts: DATE_PLUS_TIME, other: 'test' });
      assert.deepEqual(out.value, { ts: DATE, other: 'test' });
      assert.deepEqual(convert({ 'target.type': 'Date', field: 'ts' }, { other: 'test' }).value, { other: 'test', ts: null });
    });

    it('fails on values it cannot read, naming the field', () => {
      assertDataError(() => convert({ 'target.type': 'unix' }, 1.5), /^TimestampConverter does not support class java\.lang\.Double objects as timestamps/);
      assertDataError(() => convert({ 'target.type': 'unix', field: 'ts' }, { ts: true }),
        /^TimestampConverter does not support class java\.lang\.Boolean objects as timestamps \(transform TimestampConverter\$Value, field ts;/);
      assertDataError(() => convert({ 'target.type': 'Timestamp', format: 'yyyy-MM-dd' }, 'not a date'),
        /^Could not parse timestamp: value \(not a date\) does not match pattern \(yyyy-MM-dd\)/);
      assertDataError(() => convert({ 'target.type': 'Timestamp' }, '2020-01-01'),
        /requires format option to be specified when using string timestamps/);
      assertDataError(() => convert({ 'target.type': 'unix', field: 'ts' }, 'x'), /Only Map objects supported in absence of schema for \[converting timestamp formats\]/);
    });
  });

  describe('with schema', () => {
    it('converts a Timestamp to every type, with the matching schema', () => {
      const cases: [string, Schema, unknown][] = [
        ['Timestamp', Timestamp.SCHEMA, DATE_PLUS_TIME],
        ['Date', ConnectDate.SCHEMA, DATE],
        ['Time', Time.SCHEMA, TIME],
        ['unix', Schema.INT64_SCHEMA, DATE_PLUS_TIME_UNIX],
        ['string', Schema.STRING_SCHEMA, DATE_PLUS_TIME_STRING],
      ];
      for (const [type, schema, expected] of cases) {
        const out = convert({ 'target.type': type, format: STRING_DATE_FMT }, DATE_PLUS_TIME, Timestamp.SCHEMA);
        assert.ok(schemaEquals(schema, out.schema), type);
        assert.deepEqual(out.value, expected, type);
      }
    });

    it('reads Date, Time, unix and string schemas', () => {
      assert.deepEqual(convert({ 'target.type': 'Timestamp' }, DATE, ConnectDate.SCHEMA).value, DATE);
      assert.deepEqual(convert({ 'target.type': 'Timestamp' }, TIME, Time.SCHEMA).value, TIME);
      assert.deepEqual(convert({ 'target.type': 'Timestamp' }, DATE_PLUS_TIME_UNIX, Schema.INT64_SCHEMA).value, DATE_PLUS_TIME);
      assert.deepEqual(convert({ 'target.type': 'Timestamp', format: STRING_DATE_FMT }, DATE_PLUS_TIME_STRING, Schema.STRING_SCHEMA).value, DATE_PLUS_TIME);
    });

    it('keeps optionality for null values and null fields', () => {
      const cases: [string, Schema, Schema][] = [
        ['Timestamp', Timestamp.builder().optional().build(), Timestamp.builder().optional().build()],
        ['unix', Timestamp.builder().optional().build(), Schema.OPTIONAL_INT64_SCHEMA],
        ['Time', Timestamp.builder().optional().build(), Time.builder().optional().build()],
        ['Date', Timestamp.builder().optional().build(), ConnectDate.builder().optional().build()],
        ['string', Schema.OPTIONAL_INT64_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA],
      ];
      for (const [type, original, expected] of cases) {
        const whole = convert({ 'target.type': type, format: STRING_DATE_FMT }, null, original);
        assert.ok(schemaEquals(expected, whole.schema), type);
        assert.equal(whole.value, null);

        const structSchema = SchemaBuilder.struct().field('ts', original).field('other', Schema.STRING_SCHEMA);
        const expectedStruct = SchemaBuilder.struct().field('ts', expected).field('other', Schema.STRING_SCHEMA);
        const props = { 'target.type': type, format: STRING_DATE_FMT, field: 'ts' };
        const nullField = convert(props, new Struct(structSchema.build()).put('other', 'test'), structSchema.build());
        assert.ok(expectedStruct.build().equals(nullField.schema), type);
        assert.equal((nullField.value as Struct).get('ts'), null);
        const nullStruct = convert(props, null, structSchema.optional().build());
        assert.ok(expectedStruct.optional().build().equals(nullStruct.schema), type);
        assert.equal(nullStruct.value, null);
      }
    });

    it('converts one struct field, caching the schema', () => {
      const schema = SchemaBuilder.struct().field('ts', Timestamp.SCHEMA).field('other', Schema.STRING_SCHEMA).build();
      const xform = configured(TimestampConverterValue, { 'target.type': 'Date', field: 'ts' });
      const out = xform.apply(sourceRecord({ valueSchema: schema, value: new Struct(schema).put('ts', DATE_PLUS_TIME).put('other', 'test') }))!;
      assert.ok(SchemaBuilder.struct().field('ts', ConnectDate.SCHEMA).field('other', Schema.STRING_SCHEMA).build().equals(out.valueSchema));
      assert.deepEqual((out.value as Struct).get('ts'), DATE);
      assert.equal((out.value as Struct).get('other'), 'test');
      assert.equal(xform.apply(sourceRecord({ valueSchema: schema, value: new Struct(schema).put('ts', DATE).put('other', 'x') }))!.valueSchema, out.valueSchema);
    });

    it('converts unix fields in seconds, micros and nanos', () => {
      const schema = SchemaBuilder.struct().field('ts', Schema.INT64_SCHEMA).build();
      const run = (precision: string, ts: number | bigint): unknown => (convert({ 'target.type': 'Timestamp', field: 'ts', 'unix.precision': precision },
        new Struct(schema).put('ts', ts), schema).value as Struct).get('ts');
      assert.deepEqual(run('seconds', 86401), new Date(DAY + 1000));
      assert.deepEqual(run('microseconds', 86401234123), DATE_PLUS_TIME);
      assert.deepEqual(run('nanoseconds', 86401234123456), DATE_PLUS_TIME);
    });

    for (const [replace, expected] of [['true', new Date(0)], ['false', null]] as const) {
      it(`replace.null.with.default=${replace}`, () => {
        const schema = SchemaBuilder.struct().field('ts', Timestamp.builder().optional().defaultValue(new Date(0)).build()).build();
        const out = convert({ 'target.type': 'Timestamp', field: 'ts', 'replace.null.with.default': replace }, new Struct(schema), schema);
        assert.deepEqual((out.value as Struct).getWithoutDefault('ts'), expected);
      });
    }

    it('fails on schemas that are not timestamps', () => {
      assertDataError(() => convert({ 'target.type': 'unix' }, 5, Schema.INT32_SCHEMA),
        /^Schema Schema\{INT32\} does not correspond to a known timestamp type format/);
    });
  });

  it('converts keys (Key variant)', () => {
    const out = configured(TimestampConverterKey, { 'target.type': 'Timestamp' }).apply(sourceRecord({ key: DATE_PLUS_TIME, value: 'v' }))!;
    assert.deepEqual(out.key, DATE_PLUS_TIME);
    assert.equal(out.keySchema, null);
    assert.equal(out.value, 'v');
  });
});
