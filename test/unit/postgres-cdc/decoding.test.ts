// The pure parts of the CDC connector: pgoutput messages, LSNs, column values as Debezium maps them,
// column defaults, and the config's checks.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BigDecimal, Struct } from 'kconnect';
import { TypeRegistry, type PgType } from '../../../connectors/postgres-cdc/catalog.js';
import { defaultValue, mappingFor, parseArray, timestampMicros } from '../../../connectors/postgres-cdc/columns.js';
import { parseCdcConfig, tableCaptured, unimplementedKeys } from '../../../connectors/postgres-cdc/config.js';
import { formatLsn, parseLsn } from '../../../connectors/postgres-cdc/lsn.js';
import { decodePgOutput } from '../../../connectors/postgres-cdc/pgoutput.js';
import { resumePointOf } from '../../../connectors/postgres-cdc/streaming.js';

const base = (oid: number, name: string, extra: Partial<PgType> = {}): PgType => ({ oid, name, schema: 'pg_catalog', kind: 'b', elemOid: 0, baseOid: 0, ...extra });
const types = new TypeRegistry([
  base(16, 'bool'), base(20, 'int8'), base(23, 'int4'), base(25, 'text'), base(1700, 'numeric'), base(1114, 'timestamp'), base(1184, 'timestamptz'),
  base(1186, 'interval'), base(1082, 'date'), base(1083, 'time'), base(1560, 'bit'), base(17, 'bytea'), base(790, 'money'),
  base(1007, '_int4', { elemOid: 23 }), base(1009, '_text', { elemOid: 25 }),
  { oid: 90001, name: 'mood', schema: 'public', kind: 'e', elemOid: 0, baseOid: 0, enumLabels: ['sad', 'ok', 'happy'] },
  { oid: 90002, name: 'posint', schema: 'public', kind: 'd', elemOid: 0, baseOid: 23 },
  { oid: 90003, name: 'box3d', schema: 'public', kind: 'b', elemOid: 0, baseOid: 0 },
]);
const settings = { decimalMode: 'precise', timePrecisionMode: 'adaptive', binaryMode: 'bytes', includeUnknownDatatypes: false } as const;
const convert = (oid: number, typmod: number, text: string) => mappingFor(oid, typmod, settings, types)!.convert(text);
const numericTypmod = (p: number, s: number) => ((p << 16) | s) + 4;

function message(...parts: (number[] | string | Buffer)[]): Buffer {
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(`${p}\0`) : Buffer.isBuffer(p) ? p : Buffer.from(p))));
}
const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
const i16 = (n: number) => { const b = Buffer.alloc(2); b.writeInt16BE(n); return b; };
const i64 = (n: bigint) => { const b = Buffer.alloc(8); b.writeBigInt64BE(n); return b; };
const text = (s: string) => Buffer.concat([Buffer.from('t'), u32(Buffer.byteLength(s)), Buffer.from(s)]);

describe('pgoutput', () => {
  it('decodes Begin with the commit time as Unix microseconds', () => {
    const m = decodePgOutput(message([0x42], i64(0x1_0000_0010n), i64(1_000_000n), u32(742)));
    assert.deepEqual(m, { tag: 'B', finalLsn: 2 ** 32 + 16, commitMicros: 946_684_801_000_000, xid: 742 });
  });

  it('decodes a Relation and an Update with the old row, nulls and an unchanged TOAST value', () => {
    const rel = decodePgOutput(message([0x52], u32(16384), 'public', 'orders', [0x66], i16(2), [1], 'id', u32(23), u32(0xffffffff), [0], 'body', u32(25), u32(0xffffffff)));
    assert.deepEqual(rel, { tag: 'R', relid: 16384, schema: 'public', table: 'orders', replicaIdentity: 'f',
      columns: [{ key: true, name: 'id', typeOid: 23, typmod: -1 }, { key: false, name: 'body', typeOid: 25, typmod: -1 }] });
    const upd = decodePgOutput(message([0x55], u32(16384), [0x4f], i16(2), text('1'), [0x6e], [0x4e], i16(2), text('1'), [0x75]));
    assert.deepEqual(upd, { tag: 'U', relid: 16384, old: ['1', null], oldIsKey: false, tuple: ['1', undefined] });
  });

  it('rejects a message type it does not know', () => {
    assert.throws(() => decodePgOutput(Buffer.from('Z')), /unknown message type 'Z'/);
  });
});

describe('LSNs', () => {
  it('parse and format as PostgreSQL prints them', () => {
    assert.equal(parseLsn('16/B374D848'), 0x16 * 2 ** 32 + 0xb374d848);
    assert.equal(formatLsn(parseLsn('16/B374D848')), '16/B374D848');
    assert.throws(() => parseLsn('nope'), /Not an LSN/);
  });
});

describe('column values, as Debezium maps them', () => {
  it('numeric(p,s) is a Decimal of the column scale; numeric without typmod a VariableScaleDecimal', () => {
    assert.deepEqual(convert(1700, numericTypmod(10, 3), '1'), BigDecimal.fromString('1.000'));
    const v = convert(1700, -1, '-0.00012345') as Struct;
    assert.equal(v.get('scale'), 8);
    assert.equal(Buffer.from(v.get('value') as Uint8Array).toString('base64'), 'z8c=');
    assert.equal(convert(1700, -1, 'NaN'), null);
  });

  it('timestamps keep every microsecond, timestamptz is ISO-8601 UTC with the column digits', () => {
    assert.equal(convert(1114, -1, '2024-01-02 03:04:05.123456'), 1704164645123456);
    assert.equal(convert(1114, 3, '2024-01-02 03:04:05.123'), 1704164645123);
    assert.equal(convert(1184, -1, '2024-01-02 03:04:05.1+02'), '2024-01-02T01:04:05.100000Z');
    assert.equal(convert(1184, 0, '2024-01-02 03:04:05+00'), '2024-01-02T03:04:05Z');
    assert.equal(timestampMicros('1969-12-31 23:59:59.999999'), -1);
    assert.equal(convert(1082, -1, '2024-02-29'), 19782);
    assert.equal(convert(1083, -1, '13:14:15.5'), 47_655_500_000);
  });

  it('intervals count a month as 30.4375 days', () => {
    assert.equal(convert(1186, -1, '1 year 2 mons 3 days 04:05:06.5'), 37_091_106_500_000);
    assert.equal(convert(1186, -1, '-1 days -00:00:01'), -86_401_000_000);
  });

  it('arrays, enums, domains, bits, money and bytea', () => {
    assert.deepEqual(parseArray('{"a b",c,NULL,"q\\"x"}'), ['a b', 'c', null, 'q"x']);
    assert.deepEqual(convert(1007, -1, '{1,2,NULL}'), [1, 2, null]);
    assert.deepEqual(convert(1007, -1, '{}'), []);
    const mood = mappingFor(90001, -1, settings, types)!;
    assert.equal(mood.builder().build().parameters?.['allowed'], 'sad,ok,happy');
    assert.equal(convert(90002, -1, '42'), 42, 'a domain maps as its base type');
    assert.equal(Buffer.from(convert(1560, 3, '100') as Uint8Array).toString('base64'), 'BA==');
    assert.equal(convert(1560, 1, '1'), true);
    assert.deepEqual(convert(790, -1, '-$1,234.50'), BigDecimal.fromString('-1234.50'));
    assert.deepEqual(convert(17, -1, '\\xdeadbeef'), Buffer.from('deadbeef', 'hex'));
    assert.equal(convert(20, -1, '9007199254740993'), 9007199254740993n, 'beyond 2^53: a bigint');
  });

  it('a type without mapping leaves its column out unless include.unknown.datatypes', () => {
    assert.equal(mappingFor(90003, -1, settings, types), undefined);
    assert.equal(mappingFor(90003, -1, { ...settings, includeUnknownDatatypes: true }, types)!.convert('x'), 'x');
  });

  it('defaults: literals are read, function calls give the type zero, the rest nothing', () => {
    const int4 = mappingFor(23, -1, settings, types)!;
    assert.equal(defaultValue('7', int4), 7);
    assert.equal(defaultValue("nextval('t_id_seq'::regclass)", int4), 0);
    assert.equal(defaultValue("'dflt'::text", mappingFor(25, -1, settings, types)!), 'dflt');
    assert.equal(defaultValue('true', mappingFor(16, -1, settings, types)!), true);
    assert.equal(defaultValue(null, int4), undefined);
    assert.equal(defaultValue('NULL::integer', int4), undefined);
  });
});

describe('config', () => {
  const props = { name: 'c', 'topic.prefix': 'app', 'database.hostname': 'h', 'database.user': 'u', 'database.dbname': 'd' };

  it('takes Debezium keys with Debezium defaults', () => {
    const c = parseCdcConfig(props);
    assert.equal(c.slotName, 'debezium');
    assert.equal(c.publicationName, 'dbz_publication');
    assert.equal(c.snapshotMode, 'initial');
    assert.deepEqual([...c.skippedOperations], ['t']);
  });

  it('names a bad key and value', () => {
    assert.throws(() => parseCdcConfig({ ...props, 'snapshot.mode': 'sometimes' }), /snapshot\.mode/);
    assert.throws(() => parseCdcConfig({ ...props, 'skipped.operations': 'x' }), /skipped\.operations.*Unknown operation 'x'/);
    assert.throws(() => parseCdcConfig({ ...props, 'table.include.list': 'public.(' }), /table\.include\.list/);
  });

  it('filters tables by anchored, case-insensitive regexes and lists the keys it does not implement', () => {
    const c = parseCdcConfig({ ...props, 'table.include.list': 'public\\.ord.*', 'table.exclude.list': 'public.orders_old' });
    assert.equal(tableCaptured(c, 'public', 'Orders'), true);
    assert.equal(tableCaptured(c, 'public', 'orders_old'), false);
    assert.equal(tableCaptured(c, 'other', 'orders'), false);
    assert.deepEqual(unimplementedKeys({ ...props, 'message.key.columns': 'x', 'column.mask.hash': 'y', 'slot.name': 's' }), ['message.key.columns', 'column.mask.hash']);
  });

  it('resumes from Debezium offsets only when they say where streaming was', () => {
    assert.equal(resumePointOf({ lsn: 5, snapshot: 'INITIAL', last_snapshot_record: true }), null);
    assert.deepEqual(resumePointOf({ lsn_proc: 9, lsn: 9, lsn_commit: 7, txId: 3, messageType: 'INSERT' }),
      { lsnCommit: 7, lsn: 9, txId: 3, eventsAtLsn: 1, messageType: 'INSERT' });
  });
});
