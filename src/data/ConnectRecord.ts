// The common shape of source and sink records (org.apache.kafka.connect.connector.ConnectRecord).
// Records are immutable: change one with newRecord(), which copies everything not given. Constructors
// do no validation and no copying (hot path).

import { ConnectHeaders, type Header } from './Headers.js';
import type { Schema } from './Schema.js';
import { schemaEquals } from './Schema.js';
import { javaToString, valuesEqual } from './valueUtil.js';

/** The fields newRecord() can change; anything left undefined is copied from the original record. */
export interface RecordChanges {
  topic?: string;
  kafkaPartition?: number | null;
  keySchema?: Schema | null;
  key?: unknown;
  valueSchema?: Schema | null;
  value?: unknown;
  timestamp?: number | null;
  /** Replaces the headers; when undefined the new record gets a duplicate of the original's headers. */
  headers?: ConnectHeaders | Iterable<Header>;
}

export abstract class ConnectRecord<R extends ConnectRecord<R>> {
  readonly topic: string;
  readonly kafkaPartition: number | null;
  readonly keySchema: Schema | null;
  readonly key: unknown;
  readonly valueSchema: Schema | null;
  readonly value: unknown;
  readonly timestamp: number | null;
  readonly headers: ConnectHeaders;

  protected constructor(
    topic: string,
    kafkaPartition: number | null | undefined,
    keySchema: Schema | null | undefined,
    key: unknown,
    valueSchema: Schema | null | undefined,
    value: unknown,
    timestamp: number | null | undefined,
    headers: ConnectHeaders | Iterable<Header> | null | undefined,
  ) {
    this.topic = topic;
    this.kafkaPartition = kafkaPartition ?? null;
    this.keySchema = keySchema ?? null;
    this.key = key === undefined ? null : key;
    this.valueSchema = valueSchema ?? null;
    this.value = value === undefined ? null : value;
    this.timestamp = timestamp ?? null;
    this.headers = headers instanceof ConnectHeaders ? headers : new ConnectHeaders(headers);
  }

  /** A record of the same kind with the given changes; source partition/offset, Kafka offset and the
   * original topic/partition/offset are carried over. */
  abstract newRecord(changes: RecordChanges): R;

  equals(o: unknown): boolean {
    if (this === o) return true;
    if (o == null || Object.getPrototypeOf(o) !== Object.getPrototypeOf(this)) return false;
    const that = o as ConnectRecord<R>;
    return this.kafkaPartition === that.kafkaPartition && this.topic === that.topic &&
      schemaEquals(this.keySchema, that.keySchema) && valuesEqual(this.key, that.key) &&
      schemaEquals(this.valueSchema, that.valueSchema) && valuesEqual(this.value, that.value) &&
      this.timestamp === that.timestamp && this.headers.equals(that.headers);
  }

  toString(): string {
    return 'ConnectRecord{' +
      `topic='${this.topic}'` +
      `, kafkaPartition=${this.kafkaPartition}` +
      `, key=${javaToString(this.key, this.keySchema)}` +
      `, keySchema=${String(this.keySchema)}` +
      `, value=${javaToString(this.value, this.valueSchema)}` +
      `, valueSchema=${String(this.valueSchema)}` +
      `, timestamp=${this.timestamp}` +
      `, headers=${this.headers.toString()}` +
      '}';
  }
}
