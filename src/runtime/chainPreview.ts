// Try a transform chain before deploying it: run sample records through the `transforms` /
// `predicates` of a connector-style config and report each record after every step.
//
// A sample's key, value and header values are JSON: a JsonConverter envelope `{"schema": …,
// "payload": …}` gives Connect data with that schema; any other JSON is schemaless data, read as
// JsonConverter with schemas.enable=false reads it. Outputs go back through the same converter:
// `key`/`value` are the JSON payloads, `keySchema`/`valueSchema` the JSON schemas (when there is one).

import { buildTransformationChain } from './chainFactory.js';
import type { TransformationChain, TransformationStage } from './TransformationChain.js';
import { JsonConverter } from '../converters/JsonConverter.js';
import type { ConnectRecord } from '../data/ConnectRecord.js';
import { ConnectHeaders } from '../data/Headers.js';
import type { Schema } from '../data/Schema.js';
import type { SchemaAndValue } from '../data/SchemaAndValue.js';
import { SinkRecord } from '../data/SinkRecord.js';
import { SourceRecord } from '../data/SourceRecord.js';
import type { PluginRegistry } from '../plugins/PluginRegistry.js';

/** One sample record. `offset` makes it a sink record (so `offset.field` of InsertField works). */
export interface SampleRecord {
  topic?: string;
  partition?: number | null;
  offset?: number;
  timestamp?: number | null;
  key?: unknown;
  value?: unknown;
  /** `{name: value}` or `[{key, value}]` (repeated keys); each value JSON or an envelope. */
  headers?: Record<string, unknown> | { key: string; value: unknown }[];
}

export interface PreviewHeader {
  key: string;
  value: unknown;
  schema?: unknown;
}

export interface PreviewRecord {
  topic: string;
  partition: number | null;
  offset?: number;
  timestamp: number | null;
  keySchema?: unknown;
  key: unknown;
  valueSchema?: unknown;
  value: unknown;
  headers: PreviewHeader[];
}

/**
 * The state after one step: the record (null once a step dropped it), or the error of the step that
 * failed. `skipped` marks a step whose predicate (after `negate`) did not match.
 */
export type PreviewStep =
  | { step: string; record: PreviewRecord | null; skipped?: true }
  | { step: string; error: string };

export const DEFAULT_PREVIEW_TOPIC = 'preview';

type AnyRecord = ConnectRecord<any>;

/** Converts sample JSON to Connect data and back, as JsonConverter does. */
class JsonCodec {
  private readonly withSchemas = new JsonConverter();
  private readonly schemaless = new JsonConverter();

  constructor() {
    this.withSchemas.configure({ 'schemas.enable': 'true' }, false);
    this.schemaless.configure({ 'schemas.enable': 'false' }, false);
  }

  toConnect(topic: string, json: unknown): SchemaAndValue {
    if (json === undefined || json === null) return { schema: null, value: null };
    const converter = isEnvelope(json) ? this.withSchemas : this.schemaless;
    return converter.toConnectData(topic, undefined, Buffer.from(JSON.stringify(json), 'utf8'));
  }

  /** The JSON forms of a schema and value: `{schema, payload}` (schema undefined when schemaless). */
  fromConnect(topic: string, schema: Schema | null, value: unknown): { schema?: unknown; payload: unknown } {
    if (schema === null) {
      const bytes = this.schemaless.fromConnectData(topic, undefined, null, value);
      return { payload: bytes === null ? null : JSON.parse(bytes.toString('utf8')) };
    }
    const bytes = this.withSchemas.fromConnectData(topic, undefined, schema, value);
    if (bytes === null) return { schema: null, payload: null };
    const envelope = JSON.parse(bytes.toString('utf8')) as { schema: unknown; payload: unknown };
    return { schema: envelope.schema, payload: envelope.payload };
  }
}

function isEnvelope(json: unknown): json is { schema: unknown; payload: unknown } {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return false;
  const keys = Object.keys(json);
  return keys.length === 2 && keys.includes('schema') && keys.includes('payload');
}

function toRecord(codec: JsonCodec, sample: SampleRecord): AnyRecord {
  if (typeof sample !== 'object' || sample === null || Array.isArray(sample)) {
    throw new TypeError('A sample record must be a JSON object with topic, key, value, headers…');
  }
  const topic = sample.topic ?? DEFAULT_PREVIEW_TOPIC;
  const key = codec.toConnect(topic, sample.key);
  const value = codec.toConnect(topic, sample.value);
  const headers = new ConnectHeaders();
  const entries = Array.isArray(sample.headers)
    ? sample.headers.map((h) => [h.key, h.value] as const)
    : Object.entries(sample.headers ?? {});
  for (const [name, json] of entries) {
    const h = codec.toConnect(topic, json);
    headers.add(name, h.value, h.schema);
  }
  const common = {
    topic,
    keySchema: key.schema,
    key: key.value,
    valueSchema: value.schema,
    value: value.value,
    timestamp: sample.timestamp ?? null,
    headers,
  };
  if (sample.offset !== undefined) {
    return new SinkRecord({ ...common, kafkaPartition: sample.partition ?? 0, kafkaOffset: sample.offset });
  }
  return new SourceRecord({ ...common, sourcePartition: null, sourceOffset: null, kafkaPartition: sample.partition ?? null });
}

function describe(codec: JsonCodec, record: AnyRecord): PreviewRecord {
  const key = codec.fromConnect(record.topic, record.keySchema, record.key);
  const value = codec.fromConnect(record.topic, record.valueSchema, record.value);
  const headers: PreviewHeader[] = [];
  for (const h of record.headers) {
    const json = codec.fromConnect(record.topic, h.schema, h.value);
    headers.push(json.schema !== undefined ? { key: h.key, value: json.payload, schema: json.schema } : { key: h.key, value: json.payload });
  }
  return {
    topic: record.topic,
    partition: record.kafkaPartition,
    ...(record instanceof SinkRecord ? { offset: record.kafkaOffset } : {}),
    timestamp: record.timestamp,
    ...(key.schema !== undefined ? { keySchema: key.schema } : {}),
    key: key.payload,
    ...(value.schema !== undefined ? { valueSchema: value.schema } : {}),
    value: value.payload,
    headers,
  };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function runOne(codec: JsonCodec, stages: readonly TransformationStage<AnyRecord>[], sample: SampleRecord): PreviewStep[] {
  const steps: PreviewStep[] = [];
  let record: AnyRecord;
  try {
    record = toRecord(codec, sample);
    steps.push({ step: 'input', record: describe(codec, record) });
  } catch (err) {
    steps.push({ step: 'input', error: message(err) });
    return steps;
  }
  for (const stage of stages) {
    let next: AnyRecord | null;
    let skipped = false;
    try {
      skipped = stage.predicate !== undefined && stage.predicate.test(record) === stage.negate;
      next = skipped ? record : stage.transform.apply(record);
    } catch (err) {
      steps.push({ step: stage.alias, error: message(err) });
      return steps;
    }
    if (next === null) {
      steps.push({ step: stage.alias, record: null });
      return steps;
    }
    try {
      const described = describe(codec, next);
      steps.push(skipped ? { step: stage.alias, record: described, skipped: true } : { step: stage.alias, record: described });
    } catch (err) {
      steps.push({ step: stage.alias, error: `The record after this step cannot be converted to JSON: ${message(err)}` });
      return steps;
    }
    record = next;
  }
  return steps;
}

/**
 * Builds the chain from `config` (throws ConfigException naming the alias and key when it is bad) and
 * returns, for each sample, its state as input and after every step, up to the step that dropped it
 * or failed.
 */
export function previewChain(config: Record<string, string>, records: readonly SampleRecord[], registry: PluginRegistry): PreviewStep[][] {
  const chain: TransformationChain<AnyRecord> = buildTransformationChain<AnyRecord>(config, registry);
  try {
    const codec = new JsonCodec();
    return records.map((sample) => runOne(codec, chain.stages, sample));
  } finally {
    chain.close();
  }
}
