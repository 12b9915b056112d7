// Shared helpers of the transform and predicate unit tests.

import assert from 'node:assert/strict';
import type { Predicate, Transformation } from '../../../src/api/Transformation.js';
import { ConfigException, DataException } from '../../../src/data/errors.js';
import type { RecordChanges } from '../../../src/data/ConnectRecord.js';
import type { ConnectHeaders } from '../../../src/data/Headers.js';
import { SinkRecord } from '../../../src/data/SinkRecord.js';
import { SourceRecord } from '../../../src/data/SourceRecord.js';
import { PluginRegistry } from '../../../src/plugins/PluginRegistry.js';
import { plugins as predicates } from '../../../predicates/index.js';
import { plugins as transforms } from '../../../transforms/index.js';

/** A test record's parts: what newRecord() can change (RecordChanges), with `partition` for short. */
export type RecordParts = Omit<RecordChanges, 'kafkaPartition'> & { partition?: number | null };

export function sourceRecord(p: RecordParts = {}): SourceRecord {
  return new SourceRecord({
    sourcePartition: null, sourceOffset: null, topic: p.topic ?? 'test', kafkaPartition: 'partition' in p ? p.partition : 0,
    keySchema: p.keySchema ?? null, key: p.key ?? null, valueSchema: p.valueSchema ?? null, value: p.value ?? null,
    timestamp: p.timestamp ?? null, headers: p.headers ?? null,
  });
}

export function sinkRecord(p: RecordParts & { offset?: number } = {}): SinkRecord {
  return new SinkRecord({
    topic: p.topic ?? 'test', kafkaPartition: p.partition ?? 0, kafkaOffset: p.offset ?? 42,
    keySchema: p.keySchema ?? null, key: p.key ?? null, valueSchema: p.valueSchema ?? null, value: p.value ?? null,
    timestamp: p.timestamp ?? null, headers: p.headers ?? null,
  });
}

/** A new transform (or predicate) configured with `props`. */
export function configured<T extends Transformation | Predicate>(Cls: new () => T, props: Record<string, string> = {}): T {
  const t = new Cls();
  t.configure(props);
  return t;
}

/** Asserts that configuring fails with a ConfigException whose message matches. */
export function assertConfigError(Cls: new () => Transformation | Predicate, props: Record<string, string>, message: RegExp | string): void {
  assert.throws(() => new Cls().configure(props), (e: unknown) => {
    assert.ok(e instanceof ConfigException, `expected a ConfigException, got ${String(e)}`);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

/** Asserts that `fn` throws a DataException whose message matches (and, by default, names the record). */
export function assertDataError(fn: () => unknown, message: RegExp): DataException {
  let caught: unknown;
  assert.throws(fn, (e: unknown) => {
    caught = e;
    return true;
  });
  assert.ok(caught instanceof DataException, `expected a DataException, got ${String(caught)}`);
  assert.match(caught.message, message);
  return caught;
}

/** A registry holding the built-in transforms and predicates, as the worker registers them. */
export function builtinTransformsRegistry(): PluginRegistry {
  const registry = new PluginRegistry();
  for (const def of [...transforms, ...predicates]) registry.register(def, 'builtin');
  return registry;
}

/** The headers of a record as [key, value] pairs. */
export function headerPairs(headers: ConnectHeaders): [string, unknown][] {
  return [...headers].map((h) => [h.key, h.value]);
}
