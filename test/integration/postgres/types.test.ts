// Every column type the issue lists, read by the source task and mapped to Connect schemas and
// values, then through JsonConverter, compared with the JSON Confluent's connector produces.

import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PostgresSourceTask } from '../../../connectors/postgres/PostgresSourceTask.js';
import { JsonConverter } from '../../../src/converters/JsonConverter.js';
import { BigDecimal } from '../../../src/data/BigDecimal.js';
import type { Schema } from '../../../src/data/Schema.js';
import type { SourceRecord } from '../../../src/data/SourceRecord.js';
import type { Struct } from '../../../src/data/Struct.js';
import {
  MapOffsetReader, connectionProps, pollRecords, sourceContext, uniqueTable,
  testDatabase,
} from '../../helpers/postgres.js';

const database = testDatabase();
const enumType = uniqueTable('mood');


async function readAll(ddl: string, inserts: string[], props: Record<string, string> = {}): Promise<{ table: string; records: SourceRecord[] }> {
  const table = uniqueTable('types');
  database.track(table);
  await database.client.query(`CREATE TABLE "${table}" (${ddl})`);
  for (const ins of inserts) await database.client.query(`INSERT INTO "${table}" VALUES ${ins}`);
  const task = new PostgresSourceTask();
  task.initialize(sourceContext(new MapOffsetReader()));
  await task.start({ ...connectionProps(), mode: 'bulk', tables: `"public"."${table}"`, 'poll.interval.ms': '60000', ...props });
  try {
    return { table, records: await pollRecords(task, inserts.length, 1) };
  } finally {
    await task.stop();
  }
}

const ALL_TYPES = `id int NOT NULL, c_int2 smallint, c_int4 integer, c_int8 bigint, c_float4 real, c_float8 double precision,
  c_num numeric(10,2), c_numu numeric, c_bool boolean, c_text text, c_varchar varchar(20), c_char char(5), c_bytea bytea,
  c_date date, c_time time, c_timetz timetz, c_ts timestamp, c_tstz timestamptz, c_uuid uuid, c_json json, c_jsonb jsonb,
  c_enum "${enumType}", c_req_text text NOT NULL`;

const ALL_VALUES = `(1, -32768, 2147483647, 9007199254740993, 1.5, 3.141592653589793, 12345678.91, 1.5, true,
  'héllo "q" \\ ☃', 'abc', 'ab', '\\x00ff10', '2024-02-29', '13:14:15.678', '13:14:15+02', '2024-02-29 13:14:15.678901',
  '2024-02-29 13:14:15.5+01', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a": [1, 2]}', '{"a": [1,   2]}', 'happy', 'req')`;

const NULL_VALUES = `(2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, '')`;

function fieldType(schema: Schema, name: string): string {
  const s = schema.field(name)!.schema;
  return `${s.name ?? s.type}${s.optional ? '?' : ''}`;
}

describe('PostgreSQL source column types', () => {
  before(async () => {
    await database.client.query(`CREATE TYPE "${enumType}" AS ENUM ('sad', 'happy')`);
    database.cleanup(`DROP TYPE IF EXISTS "${enumType}"`);
  });

  it('maps every type to Confluent\'s schema, nullable columns optional', async () => {
    const { table, records } = await readAll(ALL_TYPES, [ALL_VALUES]);
    const schema = records[0]!.valueSchema!;
    assert.equal(schema.name, table);
    const D = 'org.apache.kafka.connect.data.';
    assert.deepEqual(Object.fromEntries(schema.fields.map((f) => [f.name, fieldType(schema, f.name)])), {
      id: 'INT32', c_int2: 'INT16?', c_int4: 'INT32?', c_int8: 'INT64?', c_float4: 'FLOAT32?', c_float8: 'FLOAT64?',
      c_num: `${D}Decimal?`, c_numu: `${D}Decimal?`, c_bool: 'BOOLEAN?', c_text: 'STRING?', c_varchar: 'STRING?', c_char: 'STRING?',
      c_bytea: 'BYTES?', c_date: `${D}Date?`, c_time: `${D}Time?`, c_timetz: `${D}Time?`, c_ts: `${D}Timestamp?`,
      c_tstz: `${D}Timestamp?`, c_uuid: 'STRING?', c_json: 'STRING?', c_jsonb: 'STRING?', c_enum: 'STRING?', c_req_text: 'STRING',
    });
    assert.deepEqual(schema.field('c_num')!.schema.parameters, { scale: '2', 'connect.decimal.precision': '10' });
    assert.deepEqual(schema.field('c_numu')!.schema.parameters, { scale: '127', 'connect.decimal.precision': '0' });
  });

  it('maps every value', async () => {
    const { records } = await readAll(ALL_TYPES, [ALL_VALUES]);
    const v = records[0]!.value as Struct;
    assert.equal(v.get('c_int2'), -32768);
    assert.equal(v.get('c_int4'), 2147483647);
    assert.equal(v.get('c_int8'), 9007199254740993n, 'beyond 2^53 as a bigint');
    assert.equal(v.get('c_float4'), 1.5);
    assert.equal(v.get('c_float8'), 3.141592653589793);
    assert.ok((v.get('c_num') as BigDecimal).equals(BigDecimal.fromString('12345678.91')));
    assert.ok((v.get('c_numu') as BigDecimal).equals(BigDecimal.fromString('1.5').setScale(127)));
    assert.equal(v.get('c_bool'), true);
    assert.equal(v.get('c_text'), 'héllo "q" \\ ☃');
    assert.equal(v.get('c_varchar'), 'abc');
    assert.equal(v.get('c_char'), 'ab   ');
    assert.deepEqual([...(v.get('c_bytea') as Uint8Array)], [0, 255, 16]);
    assert.equal((v.get('c_date') as Date).toISOString(), '2024-02-29T00:00:00.000Z');
    assert.equal((v.get('c_time') as Date).getTime(), (13 * 3600 + 14 * 60 + 15) * 1000 + 678);
    assert.equal((v.get('c_timetz') as Date).getTime(), (11 * 3600 + 14 * 60 + 15) * 1000, 'timetz in UTC');
    assert.equal((v.get('c_ts') as Date).toISOString(), '2024-02-29T13:14:15.678Z');
    assert.equal((v.get('c_tstz') as Date).toISOString(), '2024-02-29T12:14:15.500Z');
    assert.equal(v.get('c_uuid'), 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
    assert.equal(v.get('c_json'), '{"a": [1, 2]}');
    assert.equal(v.get('c_jsonb'), '{"a": [1, 2]}');
    assert.equal(v.get('c_enum'), 'happy');
  });

  it('through JsonConverter gives the JSON Confluent\'s connector gives', async () => {
    const { table, records } = await readAll(ALL_TYPES, [ALL_VALUES, NULL_VALUES]);
    const converter = new JsonConverter();
    converter.configure({ 'schemas.enable': 'true' }, false);
    const json = records.map((r) => converter.fromConnectData(r.topic, undefined, r.valueSchema, r.value)!.toString('utf8'));
    assert.match(json[0]!, /"c_int8":9007199254740993[,}]/, 'int8 beyond 2^53 exactly');
    const [full, nulls] = json.map((j) => JSON.parse(j) as { schema: { fields: Record<string, unknown>[] } & Record<string, unknown>; payload: Record<string, unknown> });
    const opt = (type: string, field: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ type, optional: true, field, ...extra });
    const logical = (type: string, name: string, field: string, parameters?: Record<string, string>): Record<string, unknown> =>
      opt(type, field, { name: `org.apache.kafka.connect.data.${name}`, version: 1, ...(parameters ? { parameters } : {}) });
    assert.deepEqual(full!.schema, {
      type: 'struct', optional: false, name: table,
      fields: [
        { type: 'int32', optional: false, field: 'id' }, opt('int16', 'c_int2'), opt('int32', 'c_int4'), opt('int64', 'c_int8'),
        opt('float', 'c_float4'), opt('double', 'c_float8'),
        logical('bytes', 'Decimal', 'c_num', { scale: '2', 'connect.decimal.precision': '10' }),
        logical('bytes', 'Decimal', 'c_numu', { scale: '127', 'connect.decimal.precision': '0' }),
        opt('boolean', 'c_bool'), opt('string', 'c_text'), opt('string', 'c_varchar'), opt('string', 'c_char'), opt('bytes', 'c_bytea'),
        logical('int32', 'Date', 'c_date'), logical('int32', 'Time', 'c_time'), logical('int32', 'Time', 'c_timetz'),
        logical('int64', 'Timestamp', 'c_ts'), logical('int64', 'Timestamp', 'c_tstz'),
        opt('string', 'c_uuid'), opt('string', 'c_json'), opt('string', 'c_jsonb'), opt('string', 'c_enum'),
        { type: 'string', optional: false, field: 'c_req_text' },
      ],
    });
    // 1.5 at scale 127: the unscaled value 15e126 as two's-complement big-endian bytes.
    let hex = (15n * 10n ** 126n).toString(16);
    if (hex.length % 2) hex = `0${hex}`;
    if (parseInt(hex[0]!, 16) >= 8) hex = `00${hex}`;
    const { c_int8: _int8, ...payload } = full!.payload;
    assert.deepEqual(payload, {
      id: 1, c_int2: -32768, c_int4: 2147483647, c_float4: 1.5, c_float8: 3.141592653589793,
      c_num: Buffer.from([0x49, 0x96, 0x02, 0xd3]).toString('base64'), c_numu: Buffer.from(hex, 'hex').toString('base64'),
      c_bool: true, c_text: 'héllo "q" \\ ☃', c_varchar: 'abc', c_char: 'ab   ', c_bytea: 'AP8Q',
      c_date: 19782, c_time: 47655678, c_timetz: 40455000, c_ts: 1709212455678, c_tstz: 1709208855500,
      c_uuid: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', c_json: '{"a": [1, 2]}', c_jsonb: '{"a": [1, 2]}', c_enum: 'happy', c_req_text: 'req',
    });
    const expectedNulls: Record<string, unknown> = { id: 2, c_req_text: '' };
    for (const f of full!.schema.fields) if (!(String(f['field']) in expectedNulls)) expectedNulls[String(f['field'])] = null;
    assert.deepEqual(nulls!.payload, expectedNulls);
  });

  it('numeric.mapping best_fit, best_fit_eager_double and precision_only', async () => {
    const ddl = 'n2 numeric(2), n4 numeric(4,0), n9 numeric(9), n18 numeric(18), n20 numeric(20), s numeric(10,2), big numeric(30,4), u numeric';
    const row = '(12, 1234, 123456789, 123456789012345678, 12345678901234567890, 12.34, 12.5, 7.25)';
    const kinds = (records: SourceRecord[]): string[] => records[0]!.valueSchema!.fields.map((f) => f.schema.name ?? f.schema.type);
    const DEC = 'org.apache.kafka.connect.data.Decimal';
    const best = await readAll(ddl, [row], { 'numeric.mapping': 'best_fit' });
    assert.deepEqual(kinds(best.records), ['INT8', 'INT16', 'INT32', 'INT64', DEC, 'FLOAT64', DEC, DEC]);
    const v = best.records[0]!.value as Struct;
    assert.deepEqual([v.get('n2'), v.get('n4'), v.get('n9'), v.get('n18'), v.get('s')], [12, 1234, 123456789, 123456789012345678n, 12.34]);
    const eager = await readAll(ddl, [row], { 'numeric.mapping': 'BEST_FIT_EAGER_DOUBLE' });
    assert.deepEqual(kinds(eager.records), ['INT8', 'INT16', 'INT32', 'INT64', DEC, 'FLOAT64', 'FLOAT64', DEC]);
    assert.equal((eager.records[0]!.value as Struct).get('big'), 12.5);
    const precision = await readAll(ddl, [row], { 'numeric.precision.mapping': 'true' });
    assert.deepEqual(kinds(precision.records), ['INT8', 'INT16', 'INT32', 'INT64', DEC, DEC, DEC, DEC]);
  });

  it('timestamp.granularity and db.timezone', async () => {
    const ddl = 'ts timestamp, tz timestamptz';
    const row = `('2024-01-15 10:00:00.123456', '2024-01-15 10:00:00.123456+00')`;
    const micros = await readAll(ddl, [row], { 'timestamp.granularity': 'micros_long' });
    const v1 = micros.records[0]!.value as Struct;
    assert.equal(micros.records[0]!.valueSchema!.field('ts')!.schema.type, 'INT64');
    assert.equal(v1.get('ts'), Date.UTC(2024, 0, 15, 10) * 1000 + 123456);
    const nanos = await readAll(ddl, [row], { 'timestamp.granularity': 'nanos_string' });
    assert.equal((nanos.records[0]!.value as Struct).get('tz'), `${Date.UTC(2024, 0, 15, 10) / 1000}123456000`);
    const iso = await readAll(ddl, [row], { 'timestamp.granularity': 'nanos_iso_datetime_string' });
    assert.equal((iso.records[0]!.value as Struct).get('ts'), '2024-01-15T10:00:00.123456000');
    const ny = await readAll(ddl, [row], { 'db.timezone': 'America/New_York' });
    const v2 = ny.records[0]!.value as Struct;
    assert.equal((v2.get('ts') as Date).toISOString(), '2024-01-15T15:00:00.123Z', 'timestamp without time zone is New York wall time');
    assert.equal((v2.get('tz') as Date).toISOString(), '2024-01-15T10:00:00.123Z');
  });
});
