import { createHmac } from 'node:crypto';
import { Password, Schema, SchemaBuilder, SourceRecord, SourceTask, Struct } from 'kconnect';
import { CONFIG_DEF, VERSION } from './GreetingSourceConnector.js';

export const VALUE_SCHEMA = SchemaBuilder.struct()
  .name('com.example.greetings.Greeting')
  .field('seq', Schema.INT64_SCHEMA)
  .field('name', Schema.STRING_SCHEMA)
  .field('message', Schema.STRING_SCHEMA)
  .field('signature', Schema.OPTIONAL_STRING_SCHEMA)
  .build();

/** HMAC-SHA256 of the message, hex: what a consumer holding the same secret can check. */
export function sign(secret: string, message: string): string {
  return createHmac('sha256', secret).update(message).digest('hex');
}

export class GreetingSourceTask extends SourceTask {
  private topic = '';
  private names: string[] = [];
  private greeting = '';
  private maxGreetings = 0;
  private intervalMs = 0;
  private secret: string | null = null;
  private partition: Record<string, unknown> = {};
  private seq = 0;
  private stopped = false;
  private wake: (() => void) | undefined;

  version(): string {
    return VERSION;
  }

  async start(props: Record<string, string>): Promise<void> {
    const config = CONFIG_DEF.parse(props);
    this.topic = config['topic'] as string;
    this.names = config['names'] as string[];
    this.greeting = config['greeting'] as string;
    this.maxGreetings = Number(config['max.greetings']);
    this.intervalMs = config['poll.interval.ms'] as number;
    this.secret = (config['signing.secret'] as Password | null)?.value() ?? null;
    this.partition = { greetings: this.topic };
    // Resume after the last greeting Kafka acknowledged before a restart.
    const offset = await this.context.offsetStorageReader().offset(this.partition);
    this.seq = typeof offset?.['seq'] === 'number' ? offset['seq'] : 0;
  }

  async poll(): Promise<SourceRecord[] | null> {
    await this.sleep(this.intervalMs); // never spin: wait, and wake up early on stop()
    if (this.stopped || this.names.length === 0) return null;
    const left = this.maxGreetings > 0 ? this.maxGreetings - this.seq : this.names.length;
    const records: SourceRecord[] = [];
    for (let i = 0; i < Math.min(left, this.names.length); i++) {
      const seq = ++this.seq;
      const name = this.names[(seq - 1) % this.names.length]!;
      const message = `${this.greeting} ${name}`;
      const value = new Struct(VALUE_SCHEMA)
        .put('seq', seq)
        .put('name', name)
        .put('message', message)
        .put('signature', this.secret === null ? null : sign(this.secret, message));
      records.push(new SourceRecord({
        sourcePartition: this.partition,
        sourceOffset: { seq },
        topic: this.topic,
        keySchema: Schema.STRING_SCHEMA,
        key: name,
        valueSchema: VALUE_SCHEMA,
        value,
        timestamp: Date.now(),
      }));
    }
    return records.length ? records : null;
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done(): void {
        clearTimeout(timer);
        self.wake = undefined;
        resolve();
      }
      this.wake = done;
    });
  }
}
