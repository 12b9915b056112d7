// The plugin interfaces converters implement. They mirror src/api/Converter.ts (the SDK's copy) so that
// this folder depends on src/data only; the lead may fold them into src/api.

import type { ConnectHeaders } from '../data/Headers.js';
import type { Schema } from '../data/Schema.js';
import type { SchemaAndValue } from '../data/SchemaAndValue.js';

/** Turns Connect data into the bytes stored in Kafka and back. Null stays null (tombstones). */
export interface Converter {
  configure(configs: Record<string, unknown>, isKey: boolean): void;
  fromConnectData(topic: string, headers: ConnectHeaders | undefined, schema: Schema | null, value: unknown): Buffer | null;
  toConnectData(topic: string, headers: ConnectHeaders | undefined, value: Buffer | null): SchemaAndValue;
  close?(): void;
}

export interface HeaderConverter {
  configure(configs: Record<string, unknown>): void;
  fromConnectHeader(topic: string, headerKey: string, schema: Schema | null, value: unknown): Buffer | null;
  toConnectHeader(topic: string, headerKey: string, value: Buffer | null): SchemaAndValue;
  close?(): void;
}

export type ConverterClass = new () => Converter;
export type HeaderConverterClass = new () => HeaderConverter;
