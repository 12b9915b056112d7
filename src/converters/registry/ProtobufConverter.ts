// io.confluent.connect.protobuf.ProtobufConverter: Connect structs as Protobuf messages in Confluent's
// wire format (magic byte, schema id, message indexes, message), .proto schemas in a
// Confluent-compatible registry. Mapping and its limits: ProtobufData.ts.

import type protobuf from 'protobufjs';
import type { Schema } from '../../data/Schema.js';
import { SchemaAndValue } from '../../data/SchemaAndValue.js';
import {
  firstMessageName, fromConnectSchema, messageAt, parseProto, readMessageIndexes, toConnectSchema, toConnectValue,
  toProtoObject, writeMessageIndexes, type ProtobufDataConfig,
} from './ProtobufData.js';
import { PROTOBUF_CONVERTER_CONFIG } from './registryConfigDefs.js';
import { RegistryConverter, type SchemaFormat, type SchemaReader, type SchemaWriter } from './RegistryConverter.js';
import type { RegistrySchema } from './SchemaRegistryClient.js';
import { HEADER_SIZE } from './wireFormat.js';

const FIRST_MESSAGE = writeMessageIndexes([0]);
const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: String, bytes: Buffer as unknown as StringConstructor, defaults: true, arrays: true, objects: true };

class ProtobufFormat implements SchemaFormat {
  readonly schemaType = 'PROTOBUF' as const;
  readonly label = 'Protobuf';
  constructor(private readonly cfg: ProtobufDataConfig) {}

  writerFor(schema: Schema): SchemaWriter {
    const proto = fromConnectSchema(schema);
    return this.writer(schema, { schemaType: 'PROTOBUF', schema: proto.text }, proto.messageName);
  }

  writerForRegistrySchema(schema: Schema, registrySchema: RegistrySchema): SchemaWriter {
    return this.writer(schema, registrySchema, undefined);
  }

  private writer(schema: Schema, registrySchema: RegistrySchema, messageName: string | undefined): SchemaWriter {
    const root = parseProto(registrySchema.schema, registrySchema.resolvedReferences);
    const name = messageName ?? firstMessageName(root)!;
    const type = root.lookupType(name);
    const conv = toProtoObject(schema);
    return {
      registrySchema,
      recordName: name,
      write: (value, header) => {
        const body = type.encode(type.fromObject(conv(value) as Record<string, unknown>)).finish();
        const out = Buffer.allocUnsafe(HEADER_SIZE + FIRST_MESSAGE.length + body.length);
        header.copy(out, 0);
        FIRST_MESSAGE.copy(out, HEADER_SIZE);
        out.set(body, HEADER_SIZE + FIRST_MESSAGE.length);
        return out;
      },
    };
  }

  readerFor(registrySchema: RegistrySchema, version?: number): SchemaReader {
    const root = parseProto(registrySchema.schema, registrySchema.resolvedReferences);
    const byPath = new Map<string, { schema: Schema; type: protobuf.Type; conv: (v: unknown) => unknown }>();
    const at = (indexes: number[]) => {
      const key = indexes.join(',');
      let r = byPath.get(key);
      if (!r) {
        const type = messageAt(root, indexes);
        const schema = toConnectSchema(type, version, this.cfg);
        r = { schema, type, conv: toConnectValue(schema) };
        byPath.set(key, r);
      }
      return r;
    };
    const first = at([0]);
    const readWithSchema = (record: Buffer): SchemaAndValue => {
      const payload = record.subarray(HEADER_SIZE);
      const { indexes, offset } = readMessageIndexes(payload);
      const r = at(indexes);
      const msg = r.type.decode(payload.subarray(offset));
      return SchemaAndValue.of(r.schema, r.conv(r.type.toObject(msg, TO_OBJECT)));
    };
    return {
      connectSchema: first.schema,
      recordName: firstMessageName(root),
      read: (record) => readWithSchema(record).value,
      readWithSchema,
      withVersion: (v) => this.readerFor(registrySchema, v),
    };
  }
}

export class ProtobufConverter extends RegistryConverter {
  protected readonly configDef = PROTOBUF_CONVERTER_CONFIG;
  protected createFormat(c: Record<string, unknown>): SchemaFormat {
    return new ProtobufFormat({ generateIndexForUnions: c['generate.index.for.unions'] as boolean });
  }
}
