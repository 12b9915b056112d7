import type { ConnectHeaders } from '../data/Headers.js';
import type { Schema } from '../data/Schema.js';
import type { SchemaAndValue } from '../data/SchemaAndValue.js';
import type { ConfigDef } from './ConfigDef.js';

/** Turns Connect data into the bytes stored in Kafka and back. Null stays null (tombstones). */
export interface Converter {
  configure(configs: Record<string, unknown>, isKey: boolean): void;
  fromConnectData(topic: string, headers: ConnectHeaders | undefined, schema: Schema | null, value: unknown): Buffer | null;
  toConnectData(topic: string, headers: ConnectHeaders | undefined, value: Buffer | null): SchemaAndValue;
  config?(): ConfigDef;
  close?(): void;
}

export interface HeaderConverter {
  configure(configs: Record<string, unknown>): void;
  fromConnectHeader(topic: string, headerKey: string, schema: Schema | null, value: unknown): Buffer | null;
  toConnectHeader(topic: string, headerKey: string, value: Buffer | null): SchemaAndValue;
  config?(): ConfigDef;
  close?(): void;
}

export type ConverterClass = new () => Converter;
export type HeaderConverterClass = new () => HeaderConverter;

/**
 * Thrown by a converter that needs asynchronous work (a schema registry lookup, say) before it can
 * convert a record synchronously. The task awaits `load()` under its retry policy
 * (`errors.retry.timeout`; a RetriableException from it is retried), then converts the record again.
 * A converter caches what `load()` fetched, so only the first record of each new schema waits:
 * conversions stay synchronous and batched on the hot path.
 */
export class ConversionPending extends Error {
  constructor(readonly load: () => Promise<void>, what = 'a lookup') {
    super(`Conversion waits for ${what}`);
    this.name = 'ConversionPending';
  }
}
