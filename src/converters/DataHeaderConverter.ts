// What Kafka's ByteArray, String, Boolean and number converters share: each is also a
// HeaderConverter that converts a header value as it converts record data, and closes nothing.

import type { ConnectHeaders } from '../data/Headers.js';
import type { Schema } from '../data/Schema.js';
import type { SchemaAndValue } from '../data/SchemaAndValue.js';
import type { ConfigDef } from '../api/ConfigDef.js';
import type { Converter, HeaderConverter } from '../api/Converter.js';
import { PLAIN_CONVERTER_CONFIG, parseConverterConfig } from './converterConfigs.js';

/** Configured with the plain converter keys unless a subclass has keys of its own. */
export abstract class DataHeaderConverter implements Converter, HeaderConverter {
  abstract fromConnectData(topic: string, headers: ConnectHeaders | undefined, schema: Schema | null, value: unknown): Buffer | null;
  abstract toConnectData(topic: string, headers: ConnectHeaders | undefined, value: Buffer | null): SchemaAndValue;

  config(): ConfigDef {
    return PLAIN_CONVERTER_CONFIG;
  }

  configure(configs: Record<string, unknown>, isKey?: boolean): void {
    parseConverterConfig(PLAIN_CONVERTER_CONFIG, configs, isKey ? 'key' : 'value');
  }

  fromConnectHeader(topic: string, headerKey: string, schema: Schema | null, value: unknown): Buffer | null {
    return this.fromConnectData(topic, undefined, schema, value);
  }

  toConnectHeader(topic: string, headerKey: string, value: Buffer | null): SchemaAndValue {
    return this.toConnectData(topic, undefined, value);
  }

  close(): void {}
}
