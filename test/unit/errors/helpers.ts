// Fakes for the error-handling unit tests: a clock that jumps instead of sleeping, a logger that
// records, a producer and admin that record what they were asked.

import type { Admin, Producer } from '../../../src/kafka/index.js';
import type { Logger } from '../../../src/runtime/logger.js';
import type { Clock } from '../../../src/runtime/errors/retry.js';

export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(public time = 1_000_000) {}
  now(): number {
    return this.time;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    if (!signal?.aborted) this.time += ms;
  }
}

export interface LogLine {
  level: string;
  fields: Record<string, unknown>;
  msg: string;
}

export function recordingLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: string) => (fields: unknown, msg?: string) => {
    lines.push(typeof fields === 'string' ? { level, fields: {}, msg: fields } : { level, fields: fields as Record<string, unknown>, msg: msg ?? '' });
  };
  const logger = { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug'), trace: at('trace'), child: () => logger };
  return { logger: logger as unknown as Logger, lines };
}

export interface SentBatch {
  topic: string;
  acks: number;
  messages: Array<{ key: Buffer | null; value: Buffer | null; headers: Record<string, unknown>; timestamp?: string }>;
}

/** A producer whose sends wait until the test releases them (or fail when told to). */
export class FakeProducer {
  readonly sent: SentBatch[] = [];
  connected = 0;
  disconnected = 0;
  failWith: unknown;
  /** When true, sends stay pending until release(). */
  hold = false;
  private readonly held: Array<() => void> = [];

  async connect(): Promise<void> {
    this.connected++;
  }
  async disconnect(): Promise<void> {
    this.disconnected++;
  }
  async send(batch: SentBatch): Promise<unknown[]> {
    this.sent.push(batch);
    if (this.hold) await new Promise<void>((r) => this.held.push(r));
    if (this.failWith !== undefined) throw this.failWith;
    return [];
  }
  release(): void {
    for (const r of this.held.splice(0)) r();
  }
  asProducer(): Producer {
    return this as unknown as Producer;
  }
}

export class FakeAdmin {
  readonly created: unknown[] = [];
  constructor(private readonly topics: string[] = [], private readonly failWith?: unknown) {}
  async connect(): Promise<void> {}
  async disconnect(): Promise<void> {}
  async listTopics(): Promise<string[]> {
    return this.topics;
  }
  async createTopics(req: { topics: unknown[] }): Promise<boolean> {
    if (this.failWith !== undefined) throw this.failWith;
    this.created.push(...req.topics);
    return true;
  }
  /** Every topic it created has one partition with a leader, as the broker answers once it is ready. */
  async fetchTopicMetadata(req: { topics: string[] }): Promise<{ topics: Array<{ name: string; partitions: Array<{ partitionId: number; leader: number }> }> }> {
    return { topics: req.topics.map((name) => ({ name, partitions: [{ partitionId: 0, leader: 0 }] })) };
  }
  async fetchTopicOffsets(): Promise<Array<{ partition: number; offset: string; high: string; low: string }>> {
    return [{ partition: 0, offset: '0', high: '0', low: '0' }];
  }
  asAdmin(): Admin {
    return this as unknown as Admin;
  }
}

/** Lets queued setImmediate callbacks and the promises they start run. */
export const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};
