// What Confluent's AvroConverter, JsonSchemaConverter and ProtobufConverter share: subjects, ids,
// the wire format, caches and error mapping. Each format (Avro, JSON Schema, Protobuf) brings only its
// mapping between Connect schemas/values and its own schemas/bytes (a SchemaFormat).
//
// Conversions are synchronous. The first record of a schema not seen yet throws ConversionPending;
// the task awaits its load (register or look up the id, or fetch a schema by id) and converts again,
// so the registry is asked once per schema, never per record.

import type { ConfigDef } from '../../api/ConfigDef.js';
import { ConversionPending } from '../../api/Converter.js';
import { ConfigException, ConnectException, DataException, RetriableException } from '../../data/errors.js';
import type { ConnectHeaders } from '../../data/Headers.js';
import type { Schema } from '../../data/Schema.js';
import { SchemaAndValue } from '../../data/SchemaAndValue.js';
import type { Converter } from '../../api/Converter.js';
import { readRegistryConfig, type RegistryConverterConfig } from './registryConfig.js';
import {
  RegistryError, SchemaRegistryClient, type RegistrySchema, type ResolvedReference, type SchemaReference, type SchemaType,
} from './SchemaRegistryClient.js';
import { HEADER_SIZE, MAGIC_BYTE, schemaIdOf } from './wireFormat.js';

/** Writes Connect values of one Connect schema as whole records: the 5-byte header, then the payload. */
export interface SchemaWriter {
  readonly registrySchema: RegistrySchema;
  /** The name RecordNameStrategy uses (Avro record full name, JSON Schema title, Protobuf message). */
  readonly recordName: string | undefined;
  write(value: unknown, header: Buffer): Buffer;
}

/** Reads payloads written with one registry schema into Connect data. */
export interface SchemaReader {
  readonly connectSchema: Schema;
  readonly recordName: string | undefined;
  /**
   * `record` is the whole record, the payload from HEADER_SIZE on (a reader that can start at an
   * offset spares a view of the payload per record).
   */
  read(record: Buffer): unknown;
  /** For formats where the payload picks the schema (Protobuf's message indexes). */
  readWithSchema?(record: Buffer): SchemaAndValue;
  /** The same reader with the registry's version as the Connect schema version (when it has none). */
  withVersion(version: number): SchemaReader;
}

export interface SchemaFormat {
  readonly schemaType: SchemaType;
  /** "Avro", "JSON Schema", "Protobuf": for messages. */
  readonly label: string;
  writerFor(schema: Schema): SchemaWriter;
  /** A writer that encodes Connect values of `schema` with a schema from the registry (use.latest.version). */
  writerForRegistrySchema(schema: Schema, registrySchema: RegistrySchema): SchemaWriter;
  readerFor(registrySchema: RegistrySchema): SchemaReader;
  /**
   * latest.compatibility.strict: why the subject's latest schema cannot read data written with the
   * schema derived from `schema` (Confluent's isBackwardCompatible), or undefined when it can. A
   * format without the check leaves it out.
   */
  latestIncompatibility?(schema: Schema, latest: RegistrySchema): string | undefined;
}

interface WriteEntry {
  header: Buffer;
  writer: SchemaWriter;
}

/** A small LRU on a Map (insertion order): Confluent bounds its schema caches the same way. */
class Lru<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly max: number) {}
  get(k: K): V | undefined {
    return this.map.get(k);
  }
  set(k: K, v: V): void {
    this.map.delete(k);
    this.map.set(k, v);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as K);
  }
}

export abstract class RegistryConverter implements Converter {
  protected isKey = false;
  protected cfg!: RegistryConverterConfig;
  private client!: SchemaRegistryClient;
  /** Per Connect schema object, then per topic: the id and writer (the hot path: two lookups). */
  private writes = new WeakMap<Schema, Map<string, WriteEntry>>();
  /** subject + registry schema text → id: Connect schemas that are equal but distinct objects share ids. */
  private ids!: Lru<string, number>;
  /** topic + id → reader. */
  private readers!: Lru<string, SchemaReader>;
  /**
   * The last write entry and reader used, by identity: a task's records mostly share one schema and
   * topic, and this spares the per-record lookups (and the reader's string key). Entries never go
   * stale: a schema's id and an id's schema do not change.
   */
  private lastWrite: { schema: Schema; topic: string; entry: WriteEntry } | undefined;
  private lastRead: { id: number; topic: string; reader: SchemaReader } | undefined;
  /** Writers built from the latest registered schema (use.latest.version), by subject key. */
  private readonly latestWriters = new Map<string, SchemaWriter>();
  /** Loads in flight, so records waiting for the same schema share one request. */
  private readonly loading = new Map<string, Promise<void>>();

  /** The converter's ConfigDef (registryConfigDefs.ts): REST answers from it and configure() parses with it. */
  protected abstract readonly configDef: ConfigDef;
  /** The format, from the values the ConfigDef parsed. */
  protected abstract createFormat(configs: Record<string, unknown>): SchemaFormat;
  private format!: SchemaFormat;

  config(): ConfigDef {
    return this.configDef;
  }

  configure(configs: Record<string, unknown>, isKey: boolean): void {
    this.isKey = isKey;
    const parsed = this.configDef.parse(configs);
    this.cfg = readRegistryConfig(parsed, configs, isKey);
    this.format = this.createFormat(parsed);
    this.client = new SchemaRegistryClient(this.cfg.client);
    this.ids = new Lru(Math.max(16, this.cfg.cacheSize));
    this.readers = new Lru(Math.max(16, this.cfg.cacheSize));
  }

  fromConnectData(topic: string, _headers: ConnectHeaders | undefined, schema: Schema | null, value: unknown): Buffer | null {
    if (value === null || value === undefined) return null;
    if (!schema) throw new DataException(`${this.constructor.name} needs a schema: the record for topic ${topic} has a value but no schema`);
    const last = this.lastWrite;
    let entry: WriteEntry;
    if (last !== undefined && last.schema === schema && last.topic === topic) {
      entry = last.entry;
    } else {
      let perTopic = this.writes.get(schema);
      let found = perTopic?.get(topic);
      if (!found) {
        found = this.prepareWrite(topic, schema);
        if (!perTopic) this.writes.set(schema, (perTopic = new Map()));
        perTopic.set(topic, found);
      }
      entry = found;
      this.lastWrite = { schema, topic, entry };
    }
    try {
      return entry.writer.write(value, entry.header);
    } catch (err) {
      throw new DataException(`Failed to serialize ${this.format.label} data from topic ${topic}: ${(err as Error).message}`, { cause: err });
    }
  }

  toConnectData(topic: string, _headers: ConnectHeaders | undefined, bytes: Buffer | null): SchemaAndValue {
    if (bytes === null || bytes === undefined) return SchemaAndValue.NULL;
    if (bytes.length < HEADER_SIZE || bytes[0] !== MAGIC_BYTE) {
      throw new DataException(`Failed to deserialize data for topic ${topic} to ${this.format.label}: Unknown magic byte!`);
    }
    const id = schemaIdOf(bytes);
    const last = this.lastRead;
    let reader: SchemaReader;
    if (last !== undefined && last.id === id && last.topic === topic) {
      reader = last.reader;
    } else {
      const key = `${id}\u0000${topic}`;
      const found = this.readers.get(key);
      if (!found) throw new ConversionPending(() => this.once(`r${key}`, () => this.loadReader(topic, id, key)), `${this.format.label} schema id ${id}`);
      reader = found;
      this.lastRead = { id, topic, reader };
    }
    try {
      if (reader.readWithSchema) return reader.readWithSchema(bytes);
      return SchemaAndValue.of(reader.connectSchema, reader.read(bytes));
    } catch (err) {
      throw new DataException(`Failed to deserialize data for topic ${topic} to ${this.format.label}: ${(err as Error).message}`, { cause: err });
    }
  }

  close(): void {
    this.client?.close();
  }

  /** The writer and, when the id is known, the header; otherwise the caller waits for the registry. */
  private prepareWrite(topic: string, schema: Schema): WriteEntry {
    let writer: SchemaWriter;
    try {
      writer = this.format.writerFor(schema);
    } catch (err) {
      if (err instanceof ConnectException) throw err;
      throw new DataException(`Failed to convert the Connect schema of topic ${topic} to ${this.format.label}: ${(err as Error).message}`, { cause: err });
    }
    const subject = this.cfg.subjectNameStrategy(topic, this.isKey, writer.recordName);
    const key = `${subject}\u0000${this.cfg.useLatestVersion ? '<latest>' : writer.registrySchema.schema}`;
    const id = this.ids.get(key);
    if (id === undefined) {
      throw new ConversionPending(() => this.once(`w${key}`, () => this.resolveId(subject, writer, schema, key)), `the schema id of subject ${subject}`);
    }
    const latest = this.latestWriters.get(key);
    return { header: headerFor(id), writer: latest ?? writer };
  }

  private async resolveId(subject: string, writer: SchemaWriter, schema: Schema, key: string): Promise<void> {
    const { autoRegisterSchemas, useLatestVersion, normalizeSchemas } = this.cfg;
    try {
      let id: number;
      if (useLatestVersion) {
        const latest = await this.client.latest(subject);
        const registrySchema: RegistrySchema = { schema: latest.schema, ...(latest.schemaType ? { schemaType: latest.schemaType } : {}) };
        if (latest.references?.length) {
          registrySchema.references = latest.references;
          registrySchema.resolvedReferences = await this.resolveReferences(latest.references);
        }
        if (this.cfg.latestCompatibilityStrict) {
          const why = this.format.latestIncompatibility?.(schema, registrySchema);
          if (why !== undefined) {
            throw new DataException(`Failed to serialize ${this.format.label} data: the latest schema of subject "${subject}" (id ${latest.id}) `
              + `cannot read data of the record's schema: ${why}. Set latest.compatibility.strict=false to disable this check`);
          }
        }
        this.latestWriters.set(key, this.format.writerForRegistrySchema(schema, registrySchema));
        id = latest.id;
      } else if (autoRegisterSchemas) {
        id = await this.client.register(subject, writer.registrySchema, normalizeSchemas);
      } else {
        id = (await this.client.lookup(subject, writer.registrySchema, normalizeSchemas)).id;
      }
      this.ids.set(key, id);
    } catch (err) {
      throw this.registryFailure(err, subject);
    }
  }

  private async loadReader(topic: string, id: number, key: string): Promise<void> {
    let registrySchema: RegistrySchema;
    try {
      registrySchema = await this.client.schemaById(id);
    } catch (err) {
      if (err instanceof RegistryError) {
        throw new DataException(`Failed to deserialize data for topic ${topic} to ${this.format.label}: Error retrieving ${this.format.label} schema for id ${id}: ${err.message}`, { cause: err });
      }
      throw err;
    }
    if (registrySchema.references?.length) {
      try {
        registrySchema = { ...registrySchema, resolvedReferences: await this.resolveReferences(registrySchema.references) };
      } catch (err) {
        if (err instanceof RegistryError) {
          throw new DataException(`Failed to deserialize data for topic ${topic} to ${this.format.label}: schema id ${id} has a reference the registry cannot give: ${err.message}`, { cause: err });
        }
        throw err;
      }
    }
    let reader: SchemaReader;
    try {
      reader = this.format.readerFor(registrySchema);
    } catch (err) {
      throw new DataException(`Failed to deserialize data for topic ${topic} to ${this.format.label}: schema id ${id} cannot be read: ${(err as Error).message}`, { cause: err });
    }
    // As Confluent's converters do, the Connect schema carries the registry version of the writer's
    // schema under the topic's subject (when the schema has no connect.version of its own).
    if (reader.connectSchema.version === undefined) {
      try {
        const subject = this.cfg.subjectNameStrategy(topic, this.isKey, reader.recordName);
        const found = await this.client.lookup(subject, registrySchema);
        reader = reader.withVersion(found.version);
      } catch (err) {
        if (err instanceof RetriableException) throw err;
        // Registered under another subject: the data is still readable, without a version.
      }
    }
    this.readers.set(key, reader);
  }

  /**
   * The texts of a schema's references and of theirs, dependencies first, each name once (as
   * Confluent's client resolves them before parsing: Avro named types must be defined before use).
   */
  private async resolveReferences(refs: SchemaReference[]): Promise<ResolvedReference[]> {
    const out: ResolvedReference[] = [];
    const seen = new Set<string>();
    const visit = async (list: SchemaReference[], depth: number): Promise<void> => {
      if (depth > 32) throw new DataException('Schema references nest more than 32 deep');
      for (const ref of list) {
        if (seen.has(ref.name)) continue;
        seen.add(ref.name);
        const found = await this.client.version(ref.subject, ref.version);
        if (found.references?.length) await visit(found.references, depth + 1);
        out.push({ name: ref.name, schema: found.schema });
      }
    };
    await visit(refs, 0);
    return out;
  }

  private registryFailure(err: unknown, subject: string): Error {
    const op = 'serialize';
    if (err instanceof RetriableException || err instanceof ConfigException) return err;
    if (err instanceof RegistryError) {
      if (err.status === 409) {
        return new DataException(`Failed to ${op} ${this.format.label} data: schema being registered is incompatible with an earlier schema for subject "${subject}": ${err.message}`, { cause: err });
      }
      if (err.status === 401 || err.status === 403) {
        return new DataException(`Failed to ${op} ${this.format.label} data for subject "${subject}": the schema registry refused the credentials (HTTP ${err.status}): ${err.message}`, { cause: err });
      }
      if (err.status === 404 && (this.cfg.useLatestVersion || !this.cfg.autoRegisterSchemas)) {
        return new DataException(`Failed to ${op} ${this.format.label} data: no matching schema under subject "${subject}" (auto.register.schemas=false): ${err.message}`, { cause: err });
      }
      return new DataException(`Failed to ${op} ${this.format.label} data for subject "${subject}": ${err.message}`, { cause: err });
    }
    return err instanceof Error ? err : new DataException(String(err));
  }

  private once(key: string, load: () => Promise<void>): Promise<void> {
    let p = this.loading.get(key);
    if (!p) {
      p = load().finally(() => this.loading.delete(key));
      this.loading.set(key, p);
    }
    return p;
  }
}

function headerFor(id: number): Buffer {
  const h = Buffer.alloc(HEADER_SIZE);
  h[0] = MAGIC_BYTE;
  h.writeInt32BE(id, 1);
  return h;
}
