// org.apache.kafka.connect.converters.ByteArrayConverter: bytes pass through untouched (no copy).

import { DataException } from '../data/errors.js';
import type { ConnectHeaders } from '../data/Headers.js';
import { Schema } from '../data/Schema.js';
import type { SchemaAndValue } from '../data/SchemaAndValue.js';
import { asBuffer, javaClassName } from '../data/valueUtil.js';
import { DataHeaderConverter } from './DataHeaderConverter.js';

export class ByteArrayConverter extends DataHeaderConverter {
  fromConnectData(topic: string, headers: ConnectHeaders | undefined, schema: Schema | null, value: unknown): Buffer | null {
    if (schema != null && schema.type !== 'BYTES') throw new DataException(`Invalid schema type for ByteArrayConverter: ${schema.type}`);
    if (value == null) return null;
    if (value instanceof Uint8Array) return asBuffer(value);
    if (value instanceof ArrayBuffer) return Buffer.from(value);
    throw new DataException(`ByteArrayConverter is not compatible with objects of type ${javaClassName(value)}`);
  }

  toConnectData(topic: string, headers: ConnectHeaders | undefined, value: Buffer | null): SchemaAndValue {
    return { schema: Schema.OPTIONAL_BYTES_SCHEMA, value: value ?? null };
  }
}
