// A record produced by a SourceTask (org.apache.kafka.connect.source.SourceRecord).

import { ConnectRecord, type RecordChanges } from './ConnectRecord.js';
import type { ConnectHeaders, Header } from './Headers.js';
import type { Schema } from './Schema.js';
import { javaToString, valuesEqual } from './valueUtil.js';

export interface SourceRecordOptions {
  sourcePartition: Record<string, unknown> | null;
  sourceOffset: Record<string, unknown> | null;
  topic: string;
  kafkaPartition?: number | null;
  keySchema?: Schema | null;
  key?: unknown;
  valueSchema?: Schema | null;
  value: unknown;
  timestamp?: number | null;
  headers?: ConnectHeaders | Iterable<Header> | null;
}

export class SourceRecord extends ConnectRecord<SourceRecord> {
  readonly sourcePartition: Record<string, unknown> | null;
  readonly sourceOffset: Record<string, unknown> | null;

  constructor(o: SourceRecordOptions) {
    super(o.topic, o.kafkaPartition, o.keySchema, o.key, o.valueSchema, o.value, o.timestamp, o.headers);
    this.sourcePartition = o.sourcePartition ?? null;
    this.sourceOffset = o.sourceOffset ?? null;
  }

  override newRecord(c: RecordChanges): SourceRecord {
    return new SourceRecord({
      sourcePartition: this.sourcePartition,
      sourceOffset: this.sourceOffset,
      topic: c.topic !== undefined ? c.topic : this.topic,
      kafkaPartition: c.kafkaPartition !== undefined ? c.kafkaPartition : this.kafkaPartition,
      keySchema: c.keySchema !== undefined ? c.keySchema : this.keySchema,
      key: c.key !== undefined ? c.key : this.key,
      valueSchema: c.valueSchema !== undefined ? c.valueSchema : this.valueSchema,
      value: c.value !== undefined ? c.value : this.value,
      timestamp: c.timestamp !== undefined ? c.timestamp : this.timestamp,
      headers: c.headers !== undefined ? c.headers : this.headers.duplicate(),
    });
  }

  override equals(o: unknown): boolean {
    if (!super.equals(o)) return false;
    const that = o as SourceRecord;
    return valuesEqual(this.sourcePartition, that.sourcePartition) && valuesEqual(this.sourceOffset, that.sourceOffset);
  }

  override toString(): string {
    return `SourceRecord{sourcePartition=${javaToString(this.sourcePartition)}, sourceOffset=${javaToString(this.sourceOffset)}} ${super.toString()}`;
  }
}
