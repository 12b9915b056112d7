// Our extension: a source connector's dead-letter queue. A record the task produced that failed
// transformation or conversion goes to the DLQ as it came out of poll(), JSON-encoded:
//
//   key:   the record key as JsonConverter writes it (null for a null key)
//   value: {"topic":…,"partition":…,"timestamp":…,"sourcePartition":{…},"sourceOffset":{…},
//           "key":…,"value":…,"headers":[{"key":…,"value":…},…]}
//
// Key, value and header values with a schema are JsonConverter envelopes ({"schema":…,"payload":…}),
// schemaless ones plain JSON. What no converter can encode (often the very reason the record failed)
// becomes {"unencodable": "<the record's text>", "error": "<why>"}.

import { JsonConverter } from '../../converters/JsonConverter.js';
import type { Schema } from '../../data/Schema.js';
import { javaToString } from '../../data/valueUtil.js';
import type { DlqMessage } from './deadLetterQueue.js';
import type { ReportedFailure } from './reporters.js';

function converter(schemas: boolean): JsonConverter {
  const c = new JsonConverter();
  c.configure({ 'schemas.enable': String(schemas) }, false);
  return c;
}

export class SourceRecordJsonEncoder {
  private readonly withSchemas = converter(true);
  private readonly schemaless = converter(false);

  /** One piece of data as JSON text. */
  encode(topic: string, schema: Schema | null, value: unknown): string {
    try {
      const bytes = (schema ? this.withSchemas : this.schemaless).fromConnectData(topic, undefined, schema, value);
      return bytes === null ? 'null' : bytes.toString('utf8');
    } catch (err) {
      return JSON.stringify({ unencodable: describe(value, schema), error: err instanceof Error ? err.message : String(err) });
    }
  }

  toMessage(failure: ReportedFailure): DlqMessage | undefined {
    const r = failure.sourceRecord;
    if (!r) return undefined;
    const key = r.key === null && r.keySchema === null ? null : this.encode(r.topic, r.keySchema, r.key);
    const headers: string[] = [];
    for (const h of r.headers) headers.push(`{"key":${JSON.stringify(h.key)},"value":${this.encode(r.topic, h.schema, h.value)}}`);
    const value = '{' +
      `"topic":${JSON.stringify(r.topic)}` +
      `,"partition":${r.kafkaPartition === null ? 'null' : r.kafkaPartition}` +
      `,"timestamp":${r.timestamp === null ? 'null' : r.timestamp}` +
      `,"sourcePartition":${plainJson(r.sourcePartition)}` +
      `,"sourceOffset":${plainJson(r.sourceOffset)}` +
      `,"key":${key ?? 'null'}` +
      `,"value":${this.encode(r.topic, r.valueSchema, r.value)}` +
      `,"headers":[${headers.join(',')}]` +
      '}';
    const message: DlqMessage = { key: key === null ? null : Buffer.from(key, 'utf8'), value: Buffer.from(value, 'utf8'), headers: {} };
    if (r.timestamp !== null && r.timestamp >= 0) message.timestamp = String(r.timestamp);
    return message;
  }
}

/** Source partitions and offsets are plain JSON-able maps (they are stored as JSON already). */
function plainJson(v: Record<string, unknown> | null): string {
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)) ?? 'null';
  } catch {
    return JSON.stringify(describe(v, null));
  }
}

function describe(v: unknown, schema: Schema | null): string {
  try {
    return javaToString(v, schema);
  } catch {
    return Object.prototype.toString.call(v);
  }
}
