// Decoder of the pgoutput logical replication protocol (version 1), the messages PostgreSQL's
// built-in output plugin sends inside XLogData: Begin, Commit, Origin, Relation, Type, Insert,
// Update, Delete, Truncate and logical decoding Message. Column values stay PostgreSQL's text forms:
// the column mapping (columns.ts) turns them into Connect values, exact to the microsecond and digit.

import { readLsn } from './lsn.js';

/** Microseconds between the Unix epoch and PostgreSQL's epoch (2000-01-01). */
const PG_EPOCH_MICROS = 946_684_800_000_000;

export interface RelationColumn {
  name: string;
  /** Part of the replica identity (the key pgoutput sends for updates and deletes). */
  key: boolean;
  typeOid: number;
  typmod: number;
}

export interface RelationMessage {
  tag: 'R';
  relid: number;
  schema: string;
  table: string;
  /** d default (primary key), n nothing, f full, i index */
  replicaIdentity: string;
  columns: RelationColumn[];
}

/** A row as text values: null for SQL NULL, undefined for an unchanged TOASTed value not sent. */
export type Tuple = (string | null | undefined)[];

export type PgOutputMessage =
  | { tag: 'B'; finalLsn: number; commitMicros: number; xid: number }
  | { tag: 'C'; commitLsn: number; endLsn: number; commitMicros: number }
  | { tag: 'O'; originLsn: number; name: string }
  | RelationMessage
  | { tag: 'Y'; typeOid: number; schema: string; name: string }
  | { tag: 'I'; relid: number; tuple: Tuple }
  | { tag: 'U'; relid: number; old: Tuple | null; oldIsKey: boolean; tuple: Tuple }
  | { tag: 'D'; relid: number; old: Tuple; oldIsKey: boolean }
  | { tag: 'T'; relids: number[]; cascade: boolean; restartIdentity: boolean }
  | { tag: 'M'; transactional: boolean; lsn: number; prefix: string; content: Buffer };

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer) {}
  u8(): number {
    return this.buf[this.pos++]!;
  }
  i16(): number {
    const v = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  i32(): number {
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  u32(): number {
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  lsn(): number {
    const v = readLsn(this.buf, this.pos);
    this.pos += 8;
    return v;
  }
  /** A timestamp in microseconds since 2000-01-01, returned as Unix epoch microseconds. */
  micros(): number {
    const v = this.buf.readBigInt64BE(this.pos);
    this.pos += 8;
    return Number(v) + PG_EPOCH_MICROS;
  }
  cstring(): string {
    const end = this.buf.indexOf(0, this.pos);
    if (end < 0) throw new Error('pgoutput: unterminated string');
    const s = this.buf.toString('utf8', this.pos, end);
    this.pos = end + 1;
    return s;
  }
  tuple(): Tuple {
    const n = this.i16();
    const out: Tuple = new Array(n);
    const buf = this.buf;
    for (let i = 0; i < n; i++) {
      const kind = buf[this.pos++];
      if (kind === 0x74 /* t */ || kind === 0x62 /* b */) {
        const len = buf.readInt32BE(this.pos);
        this.pos += 4;
        out[i] = buf.toString('utf8', this.pos, this.pos + len);
        this.pos += len;
      } else if (kind === 0x6e /* n */) {
        out[i] = null;
      } else if (kind === 0x75 /* u */) {
        out[i] = undefined;
      } else {
        throw new Error(`pgoutput: unknown tuple data kind ${kind}`);
      }
    }
    return out;
  }
}

/** Decodes one pgoutput message (the payload of an XLogData message). */
export function decodePgOutput(buf: Buffer): PgOutputMessage {
  const r = new Reader(buf);
  const tag = String.fromCharCode(r.u8());
  switch (tag) {
    case 'B':
      return { tag, finalLsn: r.lsn(), commitMicros: r.micros(), xid: r.u32() };
    case 'C': {
      r.u8(); // flags, unused
      return { tag, commitLsn: r.lsn(), endLsn: r.lsn(), commitMicros: r.micros() };
    }
    case 'O':
      return { tag, originLsn: r.lsn(), name: r.cstring() };
    case 'R': {
      const relid = r.u32();
      const schema = r.cstring();
      const table = r.cstring();
      const replicaIdentity = String.fromCharCode(r.u8());
      const n = r.i16();
      const columns: RelationColumn[] = [];
      for (let i = 0; i < n; i++) {
        const flags = r.u8();
        columns.push({ key: (flags & 1) === 1, name: r.cstring(), typeOid: r.u32(), typmod: r.i32() });
      }
      return { tag, relid, schema, table, replicaIdentity, columns };
    }
    case 'Y':
      return { tag, typeOid: r.u32(), schema: r.cstring(), name: r.cstring() };
    case 'I': {
      const relid = r.u32();
      r.u8(); // 'N'
      return { tag, relid, tuple: r.tuple() };
    }
    case 'U': {
      const relid = r.u32();
      let kind = String.fromCharCode(r.u8());
      let old: Tuple | null = null;
      let oldIsKey = false;
      if (kind === 'K' || kind === 'O') {
        oldIsKey = kind === 'K';
        old = r.tuple();
        kind = String.fromCharCode(r.u8());
      }
      return { tag, relid, old, oldIsKey, tuple: r.tuple() };
    }
    case 'D': {
      const relid = r.u32();
      const kind = String.fromCharCode(r.u8());
      return { tag, relid, oldIsKey: kind === 'K', old: r.tuple() };
    }
    case 'T': {
      const n = r.u32();
      const options = r.u8();
      const relids: number[] = [];
      for (let i = 0; i < n; i++) relids.push(r.u32());
      return { tag, relids, cascade: (options & 1) === 1, restartIdentity: (options & 2) === 2 };
    }
    case 'M': {
      const transactional = (r.u8() & 1) === 1;
      const lsn = r.lsn();
      const prefix = r.cstring();
      const len = r.u32();
      return { tag, transactional, lsn, prefix, content: Buffer.from(buf.subarray(r.pos, r.pos + len)) };
    }
    default:
      throw new Error(`pgoutput: unknown message type '${tag}' (0x${buf[0]?.toString(16)})`);
  }
}
