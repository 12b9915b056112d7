// What every built-in transform shares: config parsing through its ConfigDef, the Key/Value
// "side" it operates on, and errors that name the transform, the field and the record.

import { readFileSync } from 'node:fs';
import type { ConfigDef } from '../../src/api/ConfigDef.js';
import type { Predicate, Transformation } from '../../src/api/Transformation.js';
import type { ConnectRecord } from '../../src/data/ConnectRecord.js';
import { DataException } from '../../src/data/errors.js';
import type { ConnectHeaders } from '../../src/data/Headers.js';
import type { Schema } from '../../src/data/Schema.js';

/** kconnect's version, reported as every built-in transform's and predicate's version. */
export const VERSION: string = (() => {
  try {
    const url = new URL('../../../package.json', import.meta.url);
    return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();

type AnyRecord = ConnectRecord<any>;

/**
 * The part of a record a Key or Value variant works on. Two shared singletons, so the transforms'
 * hot paths make the same monomorphic calls for both variants.
 */
export interface Side {
  readonly name: 'Key' | 'Value';
  schema(record: AnyRecord): Schema | null;
  value(record: AnyRecord): unknown;
  /** The record with this side replaced (headers duplicated, as Java's newRecord). */
  update<R extends ConnectRecord<R>>(record: R, schema: Schema | null, value: unknown): R;
  /** The record with this side and the headers replaced. */
  updateWithHeaders<R extends ConnectRecord<R>>(record: R, schema: Schema | null, value: unknown, headers: ConnectHeaders): R;
}

export const KEY: Side = Object.freeze({
  name: 'Key' as const,
  schema: (r: AnyRecord) => r.keySchema,
  value: (r: AnyRecord) => r.key,
  update: <R extends ConnectRecord<R>>(r: R, schema: Schema | null, value: unknown): R =>
    r.newRecord({ keySchema: schema, key: value }),
  updateWithHeaders: <R extends ConnectRecord<R>>(r: R, schema: Schema | null, value: unknown, headers: ConnectHeaders): R =>
    r.newRecord({ keySchema: schema, key: value, headers }),
});

export const VALUE: Side = Object.freeze({
  name: 'Value' as const,
  schema: (r: AnyRecord) => r.valueSchema,
  value: (r: AnyRecord) => r.value,
  update: <R extends ConnectRecord<R>>(r: R, schema: Schema | null, value: unknown): R =>
    r.newRecord({ valueSchema: schema, value }),
  updateWithHeaders: <R extends ConnectRecord<R>>(r: R, schema: Schema | null, value: unknown, headers: ConnectHeaders): R =>
    r.newRecord({ valueSchema: schema, value, headers }),
});

/**
 * A failure tied to one field; the transform's apply() adds the transform name and the record's
 * coordinates. Use fieldError() to make one, or throw it from inside a field loop.
 */
export class FieldError extends DataException {
  constructor(readonly field: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Where a record is: topic, partition and (for sink records) Kafka offset. */
export function describeRecord(record: AnyRecord): string {
  let s = `topic=${record.topic}, partition=${record.kafkaPartition ?? 'null'}`;
  const offset = (record as { kafkaOffset?: unknown }).kafkaOffset;
  if (offset !== undefined) s += `, offset=${String(offset)}`;
  return s;
}

/**
 * Wraps any error thrown while transforming `record` in a DataException whose message keeps the
 * original text (Kafka's wording) and appends the transform, the field when known, and the record.
 */
export function recordError(err: unknown, transform: string, record: AnyRecord): DataException {
  if (err instanceof DataException && (err as { kconnectContext?: boolean }).kconnectContext) return err;
  const message = err instanceof Error ? err.message : String(err);
  const field = err instanceof FieldError ? `, field ${err.field}` : '';
  const wrapped = new DataException(`${message} (transform ${transform}${field}; record ${describeRecord(record)})`,
    { cause: err });
  (wrapped as { kconnectContext?: boolean }).kconnectContext = true;
  return wrapped;
}

/**
 * Base of the built-in transforms: configure() parses through config() (so a bad or missing key
 * fails naming the key) and hands the typed values to configureWith(); apply() runs transform()
 * and turns any failure into a DataException naming the transform and the record.
 */
export abstract class BaseTransformation<R extends ConnectRecord<R>> implements Transformation<R> {
  /** Kafka's simple class name, e.g. `InsertField$Value`, used in error messages. */
  abstract readonly label: string;

  abstract config(): ConfigDef;

  protected abstract configureWith(values: Record<string, unknown>): void;

  protected abstract transform(record: R): R | null;

  configure(configs: Record<string, string>): void {
    this.configureWith(this.config().parse(configs));
  }

  apply(record: R): R | null {
    try {
      return this.transform(record);
    } catch (err) {
      throw recordError(err, this.label, record);
    }
  }

  close(): void {}

  version(): string {
    return VERSION;
  }
}

/** Base of the Key/Value transforms: the side is fixed by the concrete class's constructor. */
export abstract class SideTransformation<R extends ConnectRecord<R>> extends BaseTransformation<R> {
  readonly label: string;

  constructor(protected readonly side: Side, baseName: string) {
    super();
    this.label = `${baseName}$${side.name}`;
  }
}

/** Base of the built-in predicates: configure() parses through config(). */
export abstract class BasePredicate<R extends ConnectRecord<R>> implements Predicate<R> {
  abstract config(): ConfigDef;

  protected configureWith(_values: Record<string, unknown>): void {}

  abstract test(record: R): boolean;

  configure(configs: Record<string, string>): void {
    this.configureWith(this.config().parse(configs));
  }

  close(): void {}

  version(): string {
    return VERSION;
  }
}
