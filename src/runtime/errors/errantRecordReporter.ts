// Kafka's WorkerErrantRecordReporter (KIP-610): a sink task hands over a record the external system
// rejected; it is reported like a record that failed conversion (log, DLQ) with stage TASK_PUT.
// The DLQ gets the record's original bytes when it is one of the batch being put (looked up by its
// original topic, partition and offset, so transformed records are found too); any other record is
// converted back with the task's converters, as Kafka does.

import { ConnectException } from '../../data/errors.js';
import type { SinkRecord } from '../../data/SinkRecord.js';
import type { TaskConverters } from '../converterFactory.js';
import { consumedRecord, type ConsumedRecord, type RawMessage, type WorkerErrantRecordReporter } from '../errorHandling.js';
import type { RetryWithToleranceOperator } from './RetryWithToleranceOperator.js';

/** What Kafka reports as the executing class of an errant record. */
const SINK_TASK_CLASS = 'org.apache.kafka.connect.sink.SinkTask';

interface Batch {
  topic: string;
  partition: number;
  messages: readonly RawMessage[];
}

const tpKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;

export class SinkErrantRecordReporter implements WorkerErrantRecordReporter {
  /** The batch being put, per partition: references only, nothing is copied. */
  private readonly batches = new Map<string, Batch>();

  constructor(private readonly operator: RetryWithToleranceOperator, private readonly converters: TaskConverters) {}

  delivering(topic: string, partition: number, messages: readonly RawMessage[]): void {
    this.batches.set(tpKey(topic, partition), { topic, partition, messages });
  }

  report(record: SinkRecord, error: Error): Promise<void> {
    let consumed: ConsumedRecord;
    try {
      consumed = this.original(record) ?? this.reconvert(record);
    } catch (err) {
      // Not reportable, so it must not be skipped either: the task fails when put() returns.
      return this.operator.failAfterPut(new ConnectException(`Could not report an errant record of ${record.topic}: ${(err as Error).message}`, { cause: error }));
    }
    return this.operator.reportFailed(error, { stage: 'TASK_PUT', executingClass: SINK_TASK_CLASS, consumed });
  }

  private original(record: SinkRecord): ConsumedRecord | undefined {
    const batch = this.batches.get(tpKey(record.originalTopic, record.originalKafkaPartition));
    if (!batch) return undefined;
    const { messages } = batch;
    const wanted = record.originalKafkaOffset;
    // Offsets ascend within a batch (with gaps on compacted topics).
    let lo = 0;
    let hi = messages.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const offset = Number(messages[mid]!.offset);
      if (offset === wanted) return consumedRecord(batch.topic, batch.partition, messages[mid]!);
      if (offset < wanted) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  private reconvert(record: SinkRecord): ConsumedRecord {
    const { keyConverter, valueConverter, headerConverter } = this.converters;
    const topic = record.topic;
    const headers: Array<[string, Buffer | null]> = [];
    for (const h of record.headers) headers.push([h.key, headerConverter.fromConnectHeader(topic, h.key, h.schema, h.value)]);
    return {
      topic,
      partition: record.kafkaPartition ?? -1,
      offset: record.kafkaOffset,
      timestamp: record.timestamp,
      key: keyConverter.fromConnectData(topic, record.headers, record.keySchema, record.key),
      value: valueConverter.fromConnectData(topic, record.headers, record.valueSchema, record.value),
      headers,
    };
  }
}
