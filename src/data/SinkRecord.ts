// A record delivered to a SinkTask (org.apache.kafka.connect.sink.SinkRecord).

import { ConnectRecord, type RecordChanges } from './ConnectRecord.js';
import type { ConnectHeaders, Header } from './Headers.js';
import type { Schema } from './Schema.js';

export type TimestampType = 'NoTimestampType' | 'CreateTime' | 'LogAppendTime';

export interface SinkRecordOptions {
  topic: string;
  kafkaPartition: number;
  keySchema?: Schema | null;
  key?: unknown;
  valueSchema?: Schema | null;
  value: unknown;
  kafkaOffset: number;
  timestamp?: number | null;
  /** Default 'NoTimestampType'. */
  timestampType?: TimestampType;
  headers?: ConnectHeaders | Iterable<Header> | null;
  /** Defaults: this record's topic, partition and offset (before any transformation). */
  originalTopic?: string;
  originalKafkaPartition?: number;
  originalKafkaOffset?: number;
}

export class SinkRecord extends ConnectRecord<SinkRecord> {
  readonly kafkaOffset: number;
  readonly timestampType: TimestampType;
  readonly originalTopic: string;
  readonly originalKafkaPartition: number;
  readonly originalKafkaOffset: number;

  constructor(o: SinkRecordOptions) {
    super(o.topic, o.kafkaPartition, o.keySchema, o.key, o.valueSchema, o.value, o.timestamp, o.headers);
    this.kafkaOffset = o.kafkaOffset;
    this.timestampType = o.timestampType ?? 'NoTimestampType';
    this.originalTopic = o.originalTopic ?? o.topic;
    this.originalKafkaPartition = o.originalKafkaPartition ?? o.kafkaPartition;
    this.originalKafkaOffset = o.originalKafkaOffset ?? o.kafkaOffset;
  }

  override newRecord(c: RecordChanges): SinkRecord {
    return new SinkRecord({
      topic: c.topic !== undefined ? c.topic : this.topic,
      kafkaPartition: (c.kafkaPartition !== undefined ? c.kafkaPartition : this.kafkaPartition) as number,
      keySchema: c.keySchema !== undefined ? c.keySchema : this.keySchema,
      key: c.key !== undefined ? c.key : this.key,
      valueSchema: c.valueSchema !== undefined ? c.valueSchema : this.valueSchema,
      value: c.value !== undefined ? c.value : this.value,
      kafkaOffset: this.kafkaOffset,
      timestamp: c.timestamp !== undefined ? c.timestamp : this.timestamp,
      timestampType: this.timestampType,
      headers: c.headers !== undefined ? c.headers : this.headers.duplicate(),
      originalTopic: this.originalTopic,
      originalKafkaPartition: this.originalKafkaPartition,
      originalKafkaOffset: this.originalKafkaOffset,
    });
  }

  override equals(o: unknown): boolean {
    if (!super.equals(o)) return false;
    const that = o as SinkRecord;
    return this.kafkaOffset === that.kafkaOffset && this.timestampType === that.timestampType &&
      this.originalTopic === that.originalTopic && this.originalKafkaPartition === that.originalKafkaPartition &&
      this.originalKafkaOffset === that.originalKafkaOffset;
  }

  override toString(): string {
    return `SinkRecord{kafkaOffset=${this.kafkaOffset}, timestampType=${this.timestampType}, originalTopic=${this.originalTopic}, ` +
      `originalKafkaPartition=${this.originalKafkaPartition}, originalKafkaOffset=${this.originalKafkaOffset}} ${super.toString()}`;
  }
}
