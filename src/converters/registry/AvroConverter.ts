// io.confluent.connect.avro.AvroConverter: Connect data as Avro binary in Confluent's wire format,
// schemas in a Confluent-compatible registry. Mapping: AvroData.ts; registry and caches: RegistryConverter.ts.
//
// Configs: AVRO_CONVERTER_CONFIG (registryConfigDefs.ts).

import type { Schema } from '../../data/Schema.js';
import {
  avroType, fromConnectSchema, toAvroValue, toConnectSchema, toConnectValue, type AvroDataConfig,
} from './AvroData.js';
import { AVRO_CONVERTER_CONFIG } from './registryConfigDefs.js';
import { RegistryConverter, type SchemaFormat, type SchemaReader, type SchemaWriter } from './RegistryConverter.js';
import type { RegistrySchema } from './SchemaRegistryClient.js';
import { HEADER_SIZE } from './wireFormat.js';

type Json = Parameters<typeof avroType>[0];

/** Bytes of the slab records are encoded into; a record larger than this gets a slab of its own size. */
const SLAB_SIZE = 16 * 1024;
const EMPTY = Buffer.alloc(0);

/** The Avro schemas a registry schema references, parsed (named types it may use). */
function referencedSchemas(registrySchema: RegistrySchema): Json[] {
  return (registrySchema.resolvedReferences ?? []).map((r) => JSON.parse(r.schema) as Json);
}

function recordNameOf(json: Json): string | undefined {
  if (typeof json === 'string') return json;
  if (Array.isArray(json)) return 'union';
  if (json && typeof json === 'object' && typeof json.type === 'string') {
    if (typeof json.name === 'string') {
      const ns = typeof json.namespace === 'string' && !json.name.includes('.') ? json.namespace : '';
      return ns ? `${ns}.${json.name}` : json.name;
    }
    return json.type;
  }
  return undefined;
}

class AvroFormat implements SchemaFormat {
  readonly schemaType = 'AVRO' as const;
  readonly label = 'Avro';
  constructor(private readonly cfg: AvroDataConfig) {}

  writerFor(schema: Schema): SchemaWriter {
    const json = fromConnectSchema(schema, this.cfg);
    return this.writer(schema, json, { schema: JSON.stringify(json) });
  }

  writerForRegistrySchema(schema: Schema, registrySchema: RegistrySchema): SchemaWriter {
    return this.writer(schema, JSON.parse(registrySchema.schema) as Json, registrySchema);
  }

  private writer(schema: Schema, json: Json, registrySchema: RegistrySchema): SchemaWriter {
    const type = avroType(json, referencedSchemas(registrySchema));
    const conv = toAvroValue(schema, type);
    // Records are encoded one after another into a shared slab, each returned as a view of its own
    // bytes: no copy and no allocation per record but the view (as Buffer.allocUnsafe's pool does).
    // The first record allocates it, so writers of schemas never used hold none.
    let slab = EMPTY;
    let pos = 0;
    const write = (value: unknown, header: Buffer): Buffer => {
      const v = conv(value);
      let end = type.encode(v, slab, pos + HEADER_SIZE);
      if (end < 0) {
        // The slab is full: avsc counts past its end (by -end bytes), so the record's size is known.
        slab = Buffer.allocUnsafe(Math.max(SLAB_SIZE, slab.length - end - pos));
        pos = 0;
        end = type.encode(v, slab, HEADER_SIZE);
      }
      const start = pos;
      for (let i = 0; i < HEADER_SIZE; i++) slab[start + i] = header[i]!;
      pos = end;
      return slab.subarray(start, end);
    };
    return { registrySchema, recordName: recordNameOf(json), write };
  }

  latestIncompatibility(schema: Schema, latest: RegistrySchema): string | undefined {
    const writer = avroType(fromConnectSchema(schema, this.cfg));
    const reader = avroType(JSON.parse(latest.schema) as Json, referencedSchemas(latest));
    try {
      // Avro schema resolution: can a reader with the latest schema read what this schema writes?
      reader.createResolver(writer);
      return undefined;
    } catch (err) {
      return (err as Error).message;
    }
  }

  readerFor(registrySchema: RegistrySchema, version?: number): SchemaReader {
    const json = JSON.parse(registrySchema.schema) as Json;
    const refs = referencedSchemas(registrySchema);
    const type = avroType(json, refs);
    const connectSchema = toConnectSchema(json, this.cfg, version, refs);
    const conv = toConnectValue(type, connectSchema);
    return {
      connectSchema,
      recordName: recordNameOf(json),
      read: (record) => {
        // decode starts after the header, where fromBuffer would need a view of the payload.
        const { value, offset } = type.decode(record, HEADER_SIZE);
        if (offset < 0) throw new Error('truncated buffer');
        if (offset < record.length) throw new Error('trailing data');
        return conv(value);
      },
      withVersion: (v) => this.readerFor(registrySchema, v),
    };
  }
}

export class AvroConverter extends RegistryConverter {
  protected readonly configDef = AVRO_CONVERTER_CONFIG;
  protected createFormat(c: Record<string, unknown>): SchemaFormat {
    return new AvroFormat({
      connectMetaData: c['connect.meta.data'] as boolean,
      enhancedSchemaSupport: c['enhanced.avro.schema.support'] as boolean,
      scrubInvalidNames: c['scrub.invalid.names'] as boolean,
    });
  }
}
