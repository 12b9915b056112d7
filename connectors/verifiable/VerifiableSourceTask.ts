import { SourceTask, Schema, SourceRecord } from 'kconnect';
import { BATCH_SIZE_CONFIG, ID_CONFIG, MAX_MESSAGES_CONFIG, THROUGHPUT_CONFIG, TOPIC_CONFIG } from './VerifiableSourceConnector.js';
import { VERSION } from './version.js';

export const ID_FIELD = 'id';
export const SEQNO_FIELD = 'seqno';

/** Emits `seqno` 0, 1, 2, … for its task id, throttled to `throughput` records per second. */
export class VerifiableSourceTask extends SourceTask {
  private id = 0;
  private topic = '';
  private throughput = -1;
  private maxMessages = -1;
  private batchSize = 1000;
  private seqno = 0;
  private startSeqno = 0;
  private startTime = 0;
  private stopped = false;
  private wake: (() => void) | undefined;

  version(): string {
    return VERSION;
  }

  async start(props: Record<string, string>): Promise<void> {
    this.id = Number(props[ID_CONFIG] ?? 0);
    this.topic = props[TOPIC_CONFIG] ?? '';
    this.throughput = Number(props[THROUGHPUT_CONFIG] ?? -1);
    this.maxMessages = Number(props[MAX_MESSAGES_CONFIG] ?? -1);
    this.batchSize = Number(props[BATCH_SIZE_CONFIG] ?? 1000);
    const previous = await this.context.offsetStorageReader().offset({ [ID_FIELD]: this.id });
    const last = previous?.[SEQNO_FIELD];
    this.seqno = typeof last === 'number' ? last + 1 : 0;
    this.startSeqno = this.seqno;
    this.startTime = Date.now();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        if (self.wake === done) self.wake = undefined;
        resolve();
      }
      this.wake = done;
    });
  }

  async poll(): Promise<SourceRecord[] | null> {
    if (this.stopped) return null;
    let due = this.batchSize;
    if (this.maxMessages >= 0) due = Math.min(due, this.maxMessages - this.seqno);
    if (due <= 0) {
      await this.sleep(200);
      return null;
    }
    if (this.throughput >= 0) {
      const allowed = Math.floor(((Date.now() - this.startTime) * this.throughput) / 1000) - (this.seqno - this.startSeqno);
      if (allowed <= 0) {
        await this.sleep(Math.min(100, Math.max(1, Math.ceil(1000 / Math.max(1, this.throughput)))));
        return null;
      }
      due = Math.min(due, allowed);
    }
    const records: SourceRecord[] = new Array(due);
    const partition = { [ID_FIELD]: this.id };
    for (let i = 0; i < due; i++) {
      const seqno = this.seqno++;
      records[i] = new SourceRecord({
        sourcePartition: partition,
        sourceOffset: { [SEQNO_FIELD]: seqno },
        topic: this.topic,
        keySchema: Schema.INT32_SCHEMA,
        key: this.id,
        valueSchema: Schema.INT64_SCHEMA,
        value: seqno,
      });
    }
    return records;
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }
}
