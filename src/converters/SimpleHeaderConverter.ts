// org.apache.kafka.connect.storage.SimpleHeaderConverter: header values as their Values.convertToString
// text (UTF-8); reading infers the schema with Values.parseString, falling back to BYTES with the raw bytes.

import type { Schema } from '../data/Schema.js';
import { Schema as Schemas } from '../data/Schema.js';
import type { SchemaAndValue } from '../data/SchemaAndValue.js';
import { convertToString, parseString } from '../data/Values.js';
import { asBuffer } from '../data/valueUtil.js';
import { ConfigDef } from '../api/ConfigDef.js';
import type { HeaderConverter } from '../api/Converter.js';

export class SimpleHeaderConverter implements HeaderConverter {
  config(): ConfigDef {
    return new ConfigDef(); // Kafka's SimpleHeaderConverter takes no settings
  }

  configure(configs: Record<string, unknown>): void {
  }

  toConnectHeader(topic: string, headerKey: string, value: Buffer | null): SchemaAndValue {
    if (value == null) return { schema: null, value: null };
    try {
      return parseString(asBuffer(value).toString('utf8'));
    } catch {
      return { schema: Schemas.BYTES_SCHEMA, value };
    }
  }

  fromConnectHeader(topic: string, headerKey: string, schema: Schema | null, value: unknown): Buffer | null {
    if (value == null) return null;
    return Buffer.from(convertToString(schema, value)!, 'utf8');
  }

  close(): void {}
}
