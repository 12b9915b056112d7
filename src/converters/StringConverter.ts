// org.apache.kafka.connect.storage.StringConverter: values as text (Java's String.valueOf for non-strings),
// in `converter.encoding` (default UTF-8). Reading gives an OPTIONAL_STRING schema. Null stays null.

import { ConfigException, DataException } from '../data/errors.js';
import type { ConnectHeaders } from '../data/Headers.js';
import { Schema } from '../data/Schema.js';
import type { SchemaAndValue } from '../data/SchemaAndValue.js';
import { asBuffer, javaToString } from '../data/valueUtil.js';
import type { ConfigDef } from '../api/ConfigDef.js';
import { STRING_CONVERTER_CONFIG, parseConverterConfig } from './converterConfigs.js';
import { DataHeaderConverter } from './DataHeaderConverter.js';

type Codec = { encode(s: string): Buffer; decode(b: Buffer): string };

const UTF8: Codec = { encode: (s) => Buffer.from(s, 'utf8'), decode: (b) => b.toString('utf8') };

function swap16(b: Buffer): Buffer {
  const c = Buffer.from(b);
  return c.length % 2 === 0 ? c.swap16() : c;
}

/** A Java charset name to an encoder/decoder pair. */
export function charsetCodec(name: string): Codec {
  const n = name.trim().toUpperCase().replace(/_/g, '-');
  switch (n) {
    case 'UTF-8': case 'UTF8':
      return UTF8;
    case 'ISO-8859-1': case 'ISO8859-1': case 'LATIN1': case 'ISO-LATIN-1':
      return {
        encode: (s) => Buffer.from(s.replace(/[^\u0000-\u00ff]/gu, '?'), 'latin1'),
        decode: (b) => b.toString('latin1'),
      };
    case 'US-ASCII': case 'ASCII':
      return {
        encode: (s) => Buffer.from(s.replace(/[^\u0000-\u007f]/gu, '?'), 'latin1'),
        decode: (b) => b.toString('latin1').replace(/[\u0080-\u00ff]/g, '\ufffd'),
      };
    case 'UTF-16LE':
      return { encode: (s) => Buffer.from(s, 'utf16le'), decode: (b) => b.toString('utf16le') };
    case 'UTF-16BE':
      return { encode: (s) => swap16(Buffer.from(s, 'utf16le')), decode: (b) => swap16(b).toString('utf16le') };
    case 'UTF-16':
      // Java: encodes big-endian with a byte-order mark; decodes by the BOM, big-endian without one
      return {
        encode: (s) => Buffer.concat([Buffer.from([0xfe, 0xff]), swap16(Buffer.from(s, 'utf16le'))]),
        decode: (b) => {
          if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return b.subarray(2).toString('utf16le');
          if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return swap16(b.subarray(2)).toString('utf16le');
          return swap16(b).toString('utf16le');
        },
      };
    default: {
      let decoder: InstanceType<typeof TextDecoder>;
      try {
        decoder = new TextDecoder(name.trim());
      } catch {
        throw new ConfigException(`Unsupported encoding ${name}`);
      }
      return {
        encode: () => {
          throw new DataException(`Encoding to ${name} is not supported; use UTF-8, ISO-8859-1, US-ASCII or UTF-16`);
        },
        decode: (b) => decoder.decode(b),
      };
    }
  }
}

export class StringConverter extends DataHeaderConverter {
  private codec: Codec = UTF8;

  override config(): ConfigDef {
    return STRING_CONVERTER_CONFIG;
  }

  override configure(configs: Record<string, unknown>, isKey = false): void {
    // Kafka's StringSerializer also honours key./value.serializer.encoding; converter.encoding is the documented key
    const prefix = isKey ? 'key' : 'value';
    const c = parseConverterConfig(STRING_CONVERTER_CONFIG, configs, isKey ? 'key' : 'value');
    const encoding = (configs[`${prefix}.serializer.encoding`] as string | undefined) ?? (c['converter.encoding'] as string);
    this.codec = charsetCodec(encoding);
  }

  fromConnectData(topic: string, headers: ConnectHeaders | undefined, schema: Schema | null, value: unknown): Buffer | null {
    if (value == null) return null;
    return this.codec.encode(typeof value === 'string' ? value : javaToString(value, schema));
  }

  toConnectData(topic: string, headers: ConnectHeaders | undefined, value: Buffer | null): SchemaAndValue {
    return { schema: Schema.OPTIONAL_STRING_SCHEMA, value: value == null ? null : this.codec.decode(asBuffer(value)) };
  }
}
