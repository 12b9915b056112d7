// io.confluent.connect.json.JsonSchemaConverter: Connect data as JSON text in Confluent's wire format,
// its JSON Schema in a Confluent-compatible registry. Mapping: JsonSchemaData.ts.
//
// Configs (besides the registry ones in registryConfig.ts): json.fail.invalid.schema (false: with true,
// values are validated against the schema, with ajv, before they are written or after they are read),
// decimal.format (BASE64 | NUMERIC), json.fail.unknown.properties (accepted; as in Confluent's converter
// it does not change Connect data).

import { Ajv, type ValidateFunction } from 'ajv';
import { DataException } from '../../data/errors.js';
import type { Schema } from '../../data/Schema.js';
import { compileToConnect, compileToJson, fromConnectSchema, parsePayload, toConnectSchema, type JsonSchemaDataConfig } from './JsonSchemaData.js';
import { JSON_SCHEMA_CONVERTER_CONFIG } from './registryConfigDefs.js';
import { RegistryConverter, type SchemaFormat, type SchemaReader, type SchemaWriter } from './RegistryConverter.js';
import type { RegistrySchema } from './SchemaRegistryClient.js';
import { HEADER_SIZE } from './wireFormat.js';

class JsonSchemaFormat implements SchemaFormat {
  readonly schemaType = 'JSON' as const;
  readonly label = 'JSON Schema';
  private ajv: Ajv | undefined;

  constructor(private readonly cfg: JsonSchemaDataConfig, private readonly validate: boolean) {}

  private validator(json: object, references: { name: string; schema: unknown }[] = []): ValidateFunction | undefined {
    if (!this.validate) return undefined;
    if (references.length) {
      // A schema with references gets an ajv of its own, holding them under their reference names.
      const ajv = new Ajv({ strict: false, allErrors: false, validateSchema: false });
      for (const r of references) if (r.schema !== null && typeof r.schema === 'object') ajv.addSchema(r.schema as object, r.name);
      return ajv.compile(json);
    }
    this.ajv ??= new Ajv({ strict: false, allErrors: false, validateSchema: false });
    return this.ajv.compile(json);
  }

  private check(validate: ValidateFunction | undefined, value: unknown): void {
    if (validate && !validate(value)) {
      const e = validate.errors?.[0];
      throw new DataException(`Validation error: ${e ? `${e.instancePath || '/'} ${e.message ?? ''}` : 'invalid'}`.trim());
    }
  }

  writerFor(schema: Schema): SchemaWriter {
    const json = fromConnectSchema(schema, this.cfg);
    return this.writer(schema, json, { schemaType: 'JSON', schema: JSON.stringify(json) });
  }

  writerForRegistrySchema(schema: Schema, registrySchema: RegistrySchema): SchemaWriter {
    return this.writer(schema, JSON.parse(registrySchema.schema) as object, registrySchema);
  }

  private writer(schema: Schema, json: object, registrySchema: RegistrySchema): SchemaWriter {
    const toJson = compileToJson(schema, this.cfg);
    const validate = this.validator(json, (registrySchema.resolvedReferences ?? []).map((r) => ({ name: r.name, schema: JSON.parse(r.schema) as unknown })));
    const title = (json as { title?: unknown }).title;
    return {
      registrySchema,
      recordName: typeof title === 'string' ? title : undefined,
      write: (value, header) => {
        const text = toJson(value);
        if (validate) this.check(validate, JSON.parse(text));
        const out = Buffer.allocUnsafe(HEADER_SIZE + Buffer.byteLength(text));
        header.copy(out, 0);
        out.write(text, HEADER_SIZE, 'utf8');
        return out;
      },
    };
  }

  readerFor(registrySchema: RegistrySchema, version?: number): SchemaReader {
    const json = JSON.parse(registrySchema.schema) as Parameters<typeof toConnectSchema>[0];
    const refs = (registrySchema.resolvedReferences ?? []).map((r) => ({ name: r.name, schema: JSON.parse(r.schema) as Parameters<typeof toConnectSchema>[0] }));
    const connectSchema = toConnectSchema(json, version, refs);
    const conv = compileToConnect(connectSchema);
    const validate = this.validator(json as object, refs);
    const title = (json as { title?: unknown }).title;
    return {
      connectSchema,
      recordName: typeof title === 'string' ? title : undefined,
      read: (record) => {
        const text = record.toString('utf8', HEADER_SIZE);
        // ajv checks plain JSON values; the exact parse (bigint, decimal text) is what Connect gets.
        if (validate) this.check(validate, JSON.parse(text));
        return conv(parsePayload(text));
      },
      withVersion: (v) => this.readerFor(registrySchema, v),
    };
  }
}

export class JsonSchemaConverter extends RegistryConverter {
  protected readonly configDef = JSON_SCHEMA_CONVERTER_CONFIG;
  protected createFormat(c: Record<string, unknown>): SchemaFormat {
    return new JsonSchemaFormat(
      { decimalFormat: (c['decimal.format'] as string).toUpperCase() as 'BASE64' | 'NUMERIC' },
      c['json.fail.invalid.schema'] as boolean,
    );
  }
}
