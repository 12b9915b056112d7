// What every built-in transform shares: config parsing through its ConfigDef, the Key/Value
// "side" it operates on, and errors that name the transform, the field and the record.

import { readFileSync } from 'node:fs';
import {
  type ConfigDef, type Predicate, type Transformation, type ConnectRecord, DataException,
  type ConnectHeaders, type Schema,
} from 'kconnect';

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

interface Clearable {
  clear(): void;
}

/** A built-in's ConfigDef is its class's static CONFIG_DEF (Kafka's public field), the one source config() reads. */
function staticConfigDef(plugin: object): ConfigDef {
  const def = (plugin.constructor as { CONFIG_DEF?: ConfigDef }).CONFIG_DEF;
  if (!def) throw new Error(`${plugin.constructor.name} declares no static CONFIG_DEF`);
  return def;
}

/**
 * Base of the built-in transforms: configure() parses through config() (so a bad or missing key
 * fails naming the key) and hands the typed values to configureWith(); apply() runs transform()
 * and turns any failure into a DataException naming the transform and the record.
 */
export abstract class BaseTransformation<R extends ConnectRecord<R>> implements Transformation<R> {
  private readonly caches: Clearable[] = [];

  /** The class's static CONFIG_DEF, as Kafka's transforms return theirs. */
  config(): ConfigDef {
    return staticConfigDef(this);
  }

  /**
   * Kafka's simple class name, used in error messages: the class's own, as the plugin list names it
   * (Key/Value variants say `InsertField$Value`).
   */
  get label(): string {
    return this.constructor.name;
  }

  protected abstract configureWith(values: Record<string, unknown>): void;

  protected abstract transform(record: R): R | null;

  /** Registers a cache of what the config decides: emptied when the transform is configured again and when it closes. */
  protected cache<C extends Clearable>(cache: C): C {
    this.caches.push(cache);
    return cache;
  }

  configure(configs: Record<string, string>): void {
    const values = this.config().parse(configs);
    for (const c of this.caches) c.clear();
    this.configureWith(values);
  }

  apply(record: R): R | null {
    try {
      return this.transform(record);
    } catch (err) {
      throw recordError(err, this.label, record);
    }
  }

  close(): void {
    for (const c of this.caches) c.clear();
  }

  version(): string {
    return VERSION;
  }
}

/** Base of the Key/Value transforms: the side is fixed by the concrete class's constructor. */
export abstract class SideTransformation<R extends ConnectRecord<R>> extends BaseTransformation<R> {
  readonly #label: string;

  constructor(protected readonly side: Side, baseName: string) {
    super();
    this.#label = `${baseName}$${side.name}`;
  }

  override get label(): string {
    return this.#label;
  }
}

/** Base of the built-in predicates: configure() parses through config(). */
export abstract class BasePredicate<R extends ConnectRecord<R>> implements Predicate<R> {
  /** The class's static CONFIG_DEF, as Kafka's predicates return theirs. */
  config(): ConfigDef {
    return staticConfigDef(this);
  }

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
