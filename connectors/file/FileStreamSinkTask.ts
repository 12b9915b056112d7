import { open, type FileHandle } from 'node:fs/promises';
import { SinkTask, type TopicPartitionOffset, type SinkRecord, Struct } from 'kconnect';
import { VERSION } from './version.js';

/** Renders a value as Java's String.valueOf would, so sink files read the same as Kafka Connect's. */
export function javaString(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Struct) return value.toString();
  if (value instanceof Date) return value.toString();
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `[B@${Buffer.from(value).toString('hex').slice(0, 8)}`;
  if (Array.isArray(value)) return `[${value.map(javaString).join(', ')}]`;
  if (value instanceof Map) return `{${[...value].map(([k, v]) => `${javaString(k)}=${javaString(v)}`).join(', ')}}`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}=${javaString(v)}`).join(', ')}}`;
  }
  return String(value);
}

export class FileStreamSinkTask extends SinkTask {
  private handle: FileHandle | undefined;
  private filename: string | undefined;

  version(): string {
    return VERSION;
  }

  async start(props: Record<string, string>): Promise<void> {
    this.filename = props['file'] || undefined;
    if (this.filename) this.handle = await open(this.filename, 'a');
  }

  /** One write per batch: the batch is durable in the file before its offsets can be committed. */
  async put(records: SinkRecord[]): Promise<void> {
    if (records.length === 0) return;
    let text = '';
    for (const r of records) text += javaString(r.value) + '\n';
    if (this.handle) await this.handle.write(text);
    else await new Promise<void>((resolve, reject) => process.stdout.write(text, (err) => (err ? reject(err) : resolve())));
  }

  override async flush(_offsets: TopicPartitionOffset[]): Promise<void> {
    await this.handle?.datasync();
  }

  async stop(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
  }
}
