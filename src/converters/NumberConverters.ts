// org.apache.kafka.connect.converters.{Short,Integer,Long,Float,Double}Converter and BooleanConverter:
// fixed-width big-endian encodings, as Kafka's ShortSerializer … DoubleSerializer and BooleanSerializer.
// Reading gives the OPTIONAL_* schema of the type; null stays null.

import { DataException } from '../data/errors.js';
import type { ConnectHeaders } from '../data/Headers.js';
import { Schema } from '../data/Schema.js';
import type { SchemaAndValue } from '../data/SchemaAndValue.js';
import { asBuffer, javaClassName } from '../data/valueUtil.js';
import { DataHeaderConverter } from './DataHeaderConverter.js';

abstract class NumberConverter extends DataHeaderConverter {
  protected constructor(
    private readonly typeName: string,
    private readonly schema: Schema,
    private readonly size: number,
    private readonly deserializerName: string,
  ) {
    super();
  }

  /** Writes a value already known to be a JS number/bigint of the right kind; false if it is not. */
  protected abstract write(buf: Buffer, value: unknown): boolean;
  protected abstract read(buf: Buffer): unknown;

  fromConnectData(topic: string, headers: ConnectHeaders | undefined, schema: Schema | null, value: unknown): Buffer | null {
    if (value == null) return null;
    const buf = Buffer.allocUnsafe(this.size);
    if (!this.write(buf, value)) {
      throw new DataException(`Failed to serialize to ${this.typeName} (was ${javaClassName(value)}): `);
    }
    return buf;
  }

  toConnectData(topic: string, headers: ConnectHeaders | undefined, value: Buffer | null): SchemaAndValue {
    if (value == null) return { schema: this.schema, value: null };
    const buf = asBuffer(value);
    if (buf.length !== this.size) {
      throw new DataException(`Failed to deserialize ${this.typeName}: Size of data received by ${this.deserializerName} is not ${this.size}`);
    }
    return { schema: this.schema, value: this.read(buf) };
  }
}

export class ShortConverter extends NumberConverter {
  constructor() { super('short', Schema.OPTIONAL_INT16_SCHEMA, 2, 'ShortDeserializer'); }
  protected override write(buf: Buffer, v: unknown): boolean {
    if (typeof v !== 'number' || ((v << 16) >> 16) !== v) return false;
    buf.writeInt16BE(v, 0);
    return true;
  }
  protected override read(buf: Buffer): unknown { return buf.readInt16BE(0); }
}

export class IntegerConverter extends NumberConverter {
  constructor() { super('integer', Schema.OPTIONAL_INT32_SCHEMA, 4, 'IntegerDeserializer'); }
  protected override write(buf: Buffer, v: unknown): boolean {
    if (typeof v !== 'number' || (v | 0) !== v) return false;
    buf.writeInt32BE(v, 0);
    return true;
  }
  protected override read(buf: Buffer): unknown { return buf.readInt32BE(0); }
}

/** INT64: accepts an integral number or a bigint; reads a number, or a bigint beyond Number.MAX_SAFE_INTEGER. */
export class LongConverter extends NumberConverter {
  constructor() { super('long', Schema.OPTIONAL_INT64_SCHEMA, 8, 'LongDeserializer'); }
  protected override write(buf: Buffer, v: unknown): boolean {
    let b: bigint;
    if (typeof v === 'bigint') b = v;
    else if (typeof v === 'number' && Number.isInteger(v)) b = BigInt(v);
    else return false;
    if (b < -9223372036854775808n || b > 9223372036854775807n) return false;
    buf.writeBigInt64BE(b, 0);
    return true;
  }
  protected override read(buf: Buffer): unknown {
    const b = buf.readBigInt64BE(0);
    return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
  }
}

export class FloatConverter extends NumberConverter {
  constructor() { super('float', Schema.OPTIONAL_FLOAT32_SCHEMA, 4, 'Deserializer'); }
  protected override write(buf: Buffer, v: unknown): boolean {
    if (typeof v !== 'number') return false;
    buf.writeFloatBE(v, 0);
    return true;
  }
  protected override read(buf: Buffer): unknown { return buf.readFloatBE(0); }
}

export class DoubleConverter extends NumberConverter {
  constructor() { super('double', Schema.OPTIONAL_FLOAT64_SCHEMA, 8, 'Deserializer'); }
  protected override write(buf: Buffer, v: unknown): boolean {
    if (typeof v !== 'number') return false;
    buf.writeDoubleBE(v, 0);
    return true;
  }
  protected override read(buf: Buffer): unknown { return buf.readDoubleBE(0); }
}

/** One byte: 0x01 true, 0x00 false. */
export class BooleanConverter extends DataHeaderConverter {
  fromConnectData(topic: string, headers: ConnectHeaders | undefined, schema: Schema | null, value: unknown): Buffer | null {
    if (schema != null && schema.type !== 'BOOLEAN') throw new DataException(`Invalid schema type for BooleanConverter: ${schema.type}`);
    if (value == null) return null;
    if (typeof value !== 'boolean') throw new DataException(`BooleanConverter is not compatible with objects of type ${javaClassName(value)}`);
    return Buffer.from([value ? 1 : 0]);
  }

  toConnectData(topic: string, headers: ConnectHeaders | undefined, value: Buffer | null): SchemaAndValue {
    if (value == null) return { schema: Schema.OPTIONAL_BOOLEAN_SCHEMA, value: null };
    if (value.length !== 1) throw new DataException('Failed to deserialize boolean: Size of data received by BooleanDeserializer is not 1');
    const b = value[0];
    if (b === 1) return { schema: Schema.OPTIONAL_BOOLEAN_SCHEMA, value: true };
    if (b === 0) return { schema: Schema.OPTIONAL_BOOLEAN_SCHEMA, value: false };
    throw new DataException(`Failed to deserialize boolean: Unexpected byte received by BooleanDeserializer: ${(b! << 24) >> 24}`);
  }
}
