// ConfigDef: declare a plugin's configuration once; parsing, defaults, validation and the REST
// `config/validate` answer all come from that one declaration (Kafka's
// org.apache.kafka.common.config.ConfigDef).
//
// Types are parsed by hand, exactly like Java's ConfigDef.parseType. Validators are JSON-schema
// fragments checked by ajv: a ConfigDef compiles one schema for all its keys, once, on first use.
// When ajv reports a failure, the failing key's validator is asked for Kafka's wording of it.
//
// LONG: values inside ±(2^53 - 1) parse to `number`; values beyond that but inside Java's long
// range parse to `bigint` (exact); anything outside the long range is "Not a number of type LONG".

import { compileJavaRegex } from './javaRegex.js';
import { inspect } from 'node:util';
import { Ajv, type ErrorObject, type SchemaObject, type ValidateFunction } from 'ajv';
import { ConfigException } from '../data/errors.js';

export type ConfigType = 'BOOLEAN' | 'STRING' | 'INT' | 'SHORT' | 'LONG' | 'DOUBLE' | 'LIST' | 'CLASS' | 'PASSWORD';
export type Importance = 'HIGH' | 'MEDIUM' | 'LOW';
export type Width = 'NONE' | 'SHORT' | 'MEDIUM' | 'LONG';

/** A config declared with this default (or with none) is required. */
export const NO_DEFAULT_VALUE: undefined = undefined;

// ---------------------------------------------------------------------------------------------
// Password

/** A secret config value. It prints as `[hidden]` everywhere; `value()` gives the secret. */
export class Password {
  static readonly HIDDEN = '[hidden]';
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The secret itself. Never log it. */
  value(): string {
    return this.#value;
  }

  equals(other: unknown): boolean {
    return other instanceof Password && other.#value === this.#value;
  }

  toString(): string {
    return Password.HIDDEN;
  }

  toJSON(): string {
    return Password.HIDDEN;
  }

  [Symbol.toPrimitive](): string {
    return Password.HIDDEN;
  }

  [inspect.custom](): string {
    return Password.HIDDEN;
  }
}

// ---------------------------------------------------------------------------------------------
// Validators

/** A JSON-schema fragment, as ajv understands it. */
export type JsonSchema = SchemaObject | boolean;

/** Handed to a validator when its ConfigDef builds the one schema for all keys. */
export interface SchemaContext {
  /** A schema fragment that calls `check` (which throws ConfigException when the value is bad). */
  lambda(check: (name: string, value: unknown) => void): JsonSchema;
}

export interface Validator {
  /** The JSON-schema fragment ajv checks the parsed value against (null when unset). */
  schema(ctx: SchemaContext): JsonSchema;
  /** Throws ConfigException, in Kafka's words, when `value` is not valid for config `name`. */
  ensureValid(name: string, value: unknown): void;
  /** What valid values look like (Java's Validator.toString, shown in docs and validate). */
  toString(): string;
}

/**
 * How a SchemaValidator words a failure: a reason (`Invalid value <value> for configuration <name>:
 * <reason>`), optionally about another value than the whole one (e.g. one item of a list), or a
 * whole message of its own.
 */
export type ValidationFailure = string | { reason: string; value?: unknown } | { message: string };

/** Recommends valid values and visibility for a key, given the other parsed values. */
export interface Recommender {
  validValues(name: string, parsedConfig: Record<string, unknown>): unknown[];
  visible(name: string, parsedConfig: Record<string, unknown>): boolean;
}

let sharedAjv: Ajv | undefined;
function newAjv(): Ajv {
  // validateSchema: false: checking each compiled schema against JSON Schema's meta-schema made every
  // ConfigDef's first use cost about 40 ms instead of 6 (a worker's start-up compiles a few dozen,
  // on each thread). Strict mode still refuses an unknown keyword in a validator's fragment.
  return new Ajv({ allErrors: true, strictTypes: false, strictTuples: false, allowUnionTypes: true, validateSchema: false });
}

/**
 * Validators with the same schema share one compiled function: the config definitions a worker
 * builds at start-up hold a few dozen validators but about half as many distinct schemas. Bounded,
 * so validators made on the fly (an enum of a connector's own values) cannot pile up.
 */
const compiledSchemas = new Map<string, ValidateFunction>();
const MAX_COMPILED_SCHEMAS = 1000;

function compiledSchema(schema: JsonSchema): ValidateFunction {
  let key: string | undefined;
  try {
    key = JSON.stringify(schema);
  } catch {
    // Not plain JSON (a bigint bound): compiled for this validator alone.
  }
  let check = key === undefined ? undefined : compiledSchemas.get(key);
  if (check === undefined) {
    sharedAjv ??= newAjv();
    check = sharedAjv.compile(schema);
    // The compiled function keeps working; dropping it from ajv's own cache leaves the bound to ours.
    sharedAjv.removeSchema(schema);
    if (key !== undefined) {
      if (compiledSchemas.size >= MAX_COMPILED_SCHEMAS) compiledSchemas.clear();
      compiledSchemas.set(key, check);
    }
  }
  return check;
}

/** A validator that is a plain JSON schema, with Kafka's words for its failures. */
export class SchemaValidator implements Validator {
  #check: ValidateFunction | undefined;

  constructor(
    readonly jsonSchema: JsonSchema,
    private readonly explain: (value: unknown, error: ErrorObject | undefined) => ValidationFailure,
    private readonly description: string,
  ) {}

  schema(): JsonSchema {
    return this.jsonSchema;
  }

  ensureValid(name: string, value: unknown): void {
    this.#check ??= compiledSchema(this.jsonSchema);
    if (!this.#check(toJsonView(value))) {
      throw failureToException(name, value, this.explain(value, this.#check.errors?.[0] ?? undefined));
    }
  }

  toString(): string {
    return this.description;
  }
}

/** Java's LambdaValidator: `check` throws ConfigException (or any Error, or returns a reason). */
export class LambdaValidator implements Validator {
  constructor(
    private readonly check: (name: string, value: unknown) => void | string | undefined,
    private readonly description: string,
  ) {}

  schema(ctx: SchemaContext): JsonSchema {
    return ctx.lambda((name, value) => this.ensureValid(name, value));
  }

  ensureValid(name: string, value: unknown): void {
    let reason: void | string | undefined;
    try {
      reason = this.check(name, value);
    } catch (e) {
      if (e instanceof ConfigException) throw e;
      throw new ConfigException(name, exceptionValue(value), e instanceof Error ? e.message : String(e));
    }
    if (typeof reason === 'string') throw new ConfigException(name, exceptionValue(value), reason);
  }

  toString(): string {
    return this.description;
  }
}

/** Java's CompositeValidator: every validator must pass, checked in order. */
export class CompositeValidator implements Validator {
  readonly validators: readonly Validator[];

  constructor(validators: readonly Validator[]) {
    this.validators = [...validators];
  }

  schema(ctx: SchemaContext): JsonSchema {
    return { allOf: this.validators.map((v) => v.schema(ctx)) };
  }

  ensureValid(name: string, value: unknown): void {
    for (const v of this.validators) v.ensureValid(name, value);
  }

  toString(): string {
    return this.validators.map(String).join(', ');
  }
}

function rangeValidator(min: number | undefined, max: number | undefined): Validator {
  const schema: SchemaObject = { type: 'number' };
  if (min !== undefined) schema['minimum'] = min;
  if (max !== undefined) schema['maximum'] = max;
  const description = min === undefined && max === undefined ? '[...]'
    : min === undefined ? `[...,${max}]`
      : max === undefined ? `[${min},...]`
        : `[${min},...,${max}]`;
  return new SchemaValidator(schema, (value, error) => {
    if (value === null || value === undefined) return { reason: 'Value must be non-null', value: null };
    if (error?.keyword === 'minimum') return `Value must be at least ${min}`;
    if (error?.keyword === 'maximum') return `Value must be no more than ${max}`;
    return 'Value must be a number';
  }, description);
}

function validString(validStrings: readonly (string | null)[]): SchemaValidator {
  const list = validStrings.map(String).join(', ');
  return new SchemaValidator({ enum: [...validStrings] }, () => `String must be one of: ${list}`, `[${list}]`);
}

function caseInsensitivePattern(s: string): string {
  let out = '';
  for (const ch of s) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    if (lower !== upper && lower.length === 1 && upper.length === 1) out += `[${lower}${upper}]`;
    else out += ch.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  }
  return out;
}

/** Kafka's built-in validators (ConfigDef.Range, ValidString, ValidList, …). */
export const Validators = {
  /** Range.atLeast: `Value must be at least <min>`. */
  atLeast(min: number): Validator {
    return rangeValidator(min, undefined);
  },
  /** Range.between (inclusive): `Value must be at least <min>` / `Value must be no more than <max>`. */
  between(min: number, max: number): Validator {
    return rangeValidator(min, max);
  },
  /** ValidString.in: `String must be one of: a, b`. */
  in(...validStrings: (string | null)[]): Validator {
    return validString(validStrings);
  },
  /** CaseInsensitiveValidString.in: `String must be one of (case insensitive): A, B`. */
  caseInsensitiveIn(...validStrings: string[]): Validator {
    // Java keeps these upper-cased in a HashSet and lists them in its iteration order.
    const list = javaHashSetOrder(validStrings.map((s) => s.toUpperCase())).join(', ');
    const pattern = `^(?:${validStrings.map(caseInsensitivePattern).join('|')})$`;
    return new SchemaValidator({ type: 'string', pattern },
      () => `String must be one of (case insensitive): ${list}`, `(case insensitive) [${list}]`);
  },
  /** ValidList.in: every item of a LIST must be one of these; names the first bad item. */
  validList(...validStrings: string[]): Validator {
    const list = validStrings.join(', ');
    return new SchemaValidator({ type: 'array', items: { enum: [...validStrings] } }, (value) => {
      if (!Array.isArray(value)) return { reason: 'Expected a comma separated list.' };
      const bad = value.find((v) => !validStrings.includes(v as string));
      return { value: bad, reason: `String must be one of: ${list}` };
    }, `[${list}]`);
  },
  /** Alias of validList. */
  listOf(...validStrings: string[]): Validator {
    return Validators.validList(...validStrings);
  },
  /** NonEmptyString: null passes, "" fails with `String must be non-empty`. */
  nonEmptyString(): Validator {
    return new SchemaValidator({ minLength: 1 }, () => 'String must be non-empty', 'non-empty string');
  },
  /** NonEmptyStringWithoutControlChars (used for connector names). */
  nonEmptyStringWithoutControlChars(): Validator {
    return new SchemaValidator(
      { minLength: 1, pattern: '^[^\\u0000-\\u001F\\u007F-\\u009F]*$' },
      (value) => {
        const s = String(value);
        if (s.length === 0) return 'String may not be empty';
        const found: number[] = [];
        for (const ch of s) {
          const cp = ch.codePointAt(0)!;
          if (cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f)) found.push(cp);
        }
        return `String may not contain control sequences but had the following ASCII chars: ${found.join(', ')}`;
      },
      'non-empty string without ISO control characters',
    );
  },
  /** NonNullValidator: `entry must be non null`. */
  nonNull(): Validator {
    return new SchemaValidator({ not: { type: 'null' } }, () => ({ value: 'null', reason: 'entry must be non null' }),
      'non-null string');
  },
  /** Non-null and non-empty (nonNull + nonEmptyString). */
  nonNullOrEmpty(): Validator {
    return Validators.composite(Validators.nonNull(), Validators.nonEmptyString());
  },
  /** ListSize.atMostOfSize: `exceeds maximum list size of [<max>].` */
  listSize(maxSize: number): Validator {
    return new SchemaValidator({ type: 'array', maxItems: maxSize },
      () => `exceeds maximum list size of [${maxSize}].`, `List containing maximum of ${maxSize} elements`);
  },
  /** CompositeValidator.of. */
  composite(...validators: Validator[]): Validator {
    return new CompositeValidator(validators);
  },
  /** LambdaValidator.with: `check(name, value)` throws ConfigException, or returns a reason string. */
  lambda(check: (name: string, value: unknown) => void | string | undefined, description: string): Validator {
    return new LambdaValidator(check, description);
  },
  /** A string that compiles as a regular expression: `Invalid regex: <why>`. */
  regex(): Validator {
    return new LambdaValidator((_name, value) => {
      if (value === null || value === undefined) return 'Invalid regex: null';
      try {
        compileJavaRegex(String(value));
      } catch (e) {
        return `Invalid regex: ${e instanceof Error ? e.message : String(e)}`;
      }
      return undefined;
    }, 'valid regex');
  },
  /** Any JSON schema, with your own wording of its failures. */
  schema(jsonSchema: JsonSchema, explain: (value: unknown, error: ErrorObject | undefined) => ValidationFailure,
    description: string): Validator {
    return new SchemaValidator(jsonSchema, explain, description);
  },
};

/** Java's String.hashCode. */
function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** The order a java.util.HashSet, filled with `items` in order, iterates them in. */
function javaHashSetOrder(items: readonly string[]): string[] {
  const unique = [...new Set(items)];
  let capacity = 16;
  while (unique.length > capacity * 0.75) capacity *= 2;
  const bucket = (s: string): number => {
    const h = javaStringHash(s);
    return (h ^ (h >>> 16)) & (capacity - 1);
  };
  // Stable: a bucket keeps insertion order, across resizes too.
  return unique.map((s, i) => ({ s, i, b: bucket(s) })).sort((x, y) => x.b - y.b || x.i - y.i).map((e) => e.s);
}

// ---------------------------------------------------------------------------------------------
// Keys and values

export interface ConfigKeyDef {
  name: string;
  type: ConfigType;
  /** `undefined` (NO_DEFAULT_VALUE) means required; `null` means optional with no value. */
  defaultValue?: unknown;
  validator?: Validator;
  importance?: Importance;
  documentation?: string;
  group?: string;
  orderInGroup?: number;
  width?: Width;
  displayName?: string;
  dependents?: string[];
  recommender?: Recommender;
  internal?: boolean;
}

/** A key as stored in a ConfigDef: the default is parsed, the optional fields filled in. */
export interface ConfigKey extends ConfigKeyDef {
  readonly importance: Importance;
  readonly documentation: string;
  readonly orderInGroup: number;
  readonly width: Width;
  readonly displayName: string;
  readonly dependents: string[];
  readonly internal: boolean;
}

/** The result of validating one key: what REST `config/validate` reports. */
export interface ConfigValue {
  name: string;
  value: unknown;
  recommendedValues: unknown[];
  errorMessages: string[];
  visible: boolean;
}

export type ConfigProps = ReadonlyMap<string, unknown> | Readonly<Record<string, unknown>>;

const IMPORTANCES = new Set<string>(['HIGH', 'MEDIUM', 'LOW']);

// ---------------------------------------------------------------------------------------------
// ConfigDef

interface Compiled {
  check: ValidateFunction | undefined;
}

export class ConfigDef {
  static readonly NO_DEFAULT_VALUE = NO_DEFAULT_VALUE;

  readonly #keys = new Map<string, ConfigKey>();
  readonly #groups: string[] = [];
  #compiled: Compiled | undefined;
  /** Parsed values of the parse/validate under way, for lambda validators called by ajv. */
  #current: Record<string, unknown> | undefined;

  /** A new, empty ConfigDef, or a copy of `base` (Java's `new ConfigDef(base)`). */
  constructor(base?: ConfigDef) {
    if (base) {
      for (const [name, key] of base.#keys) this.#keys.set(name, key);
      this.#groups.push(...base.#groups);
    }
  }

  /**
   * Declares a key, either as one object or positionally:
   * `define(name, type, defaultValue, validator?, importance?, documentation?)` or, as in Java,
   * `define(name, type, defaultValue, importance, documentation)`. A default of `undefined` makes
   * the key required. The default is parsed and validated now, as Java does.
   */
  define(def: ConfigKeyDef): this;
  define(name: string, type: ConfigType, defaultValue?: unknown, validator?: Validator | Importance,
    importance?: Importance | string, documentation?: string): this;
  define(nameOrDef: string | ConfigKeyDef, type?: ConfigType, defaultValue?: unknown,
    validator?: Validator | Importance, importance?: Importance | string, documentation?: string): this {
    let def: ConfigKeyDef;
    if (typeof nameOrDef === 'string') {
      if (type === undefined) throw new TypeError(`define(${nameOrDef}): a type is required`);
      if (typeof validator === 'string' && IMPORTANCES.has(validator)) {
        // Java's define(name, type, default, importance, documentation)
        def = { name: nameOrDef, type, defaultValue, importance: validator, documentation: importance };
      } else {
        def = { name: nameOrDef, type, defaultValue, validator: validator as Validator | undefined,
          importance: importance as Importance | undefined, documentation };
      }
    } else {
      def = nameOrDef;
    }
    return this.#define(def);
  }

  /** Java's defineInternal: a key left out of docs. */
  defineInternal(name: string, type: ConfigType, defaultValue: unknown, importance: Importance = 'LOW',
    validator?: Validator, documentation = ''): this {
    return this.#define({ name, type, defaultValue, importance, validator, documentation, internal: true });
  }

  #define(def: ConfigKeyDef): this {
    if (this.#keys.has(def.name)) throw new ConfigException(`Configuration ${def.name} is defined twice.`);
    if (!TYPES.has(def.type)) throw new ConfigException(`Configuration ${def.name} has unknown type ${String(def.type)}.`);
    const hasDefault = def.defaultValue !== undefined;
    const defaultValue = hasDefault ? ConfigDef.parseType(def.name, def.defaultValue, def.type) : undefined;
    if (def.validator && hasDefault) def.validator.ensureValid(def.name, defaultValue);
    const key: ConfigKey = {
      ...def,
      defaultValue,
      importance: def.importance ?? 'MEDIUM',
      documentation: def.documentation ?? '',
      orderInGroup: def.orderInGroup ?? -1,
      width: def.width ?? 'NONE',
      displayName: def.displayName ?? def.name,
      dependents: [...(def.dependents ?? [])],
      internal: def.internal ?? false,
    };
    if (key.group !== undefined && !this.#groups.includes(key.group)) this.#groups.push(key.group);
    this.#keys.set(key.name, Object.freeze(key));
    this.#compiled = undefined;
    return this;
  }

  /**
   * Java's sortedConfigs: by group (ungrouped first, then in group order), order in group, keys
   * without a default first, importance (HIGH first), then name.
   */
  #sortedKeys(): ConfigKey[] {
    const groupOrd = new Map(this.#groups.map((g, i) => [g, i]));
    const importance = { HIGH: 0, MEDIUM: 1, LOW: 2 } as const;
    return [...this.#keys.values()].sort((a, b) => {
      const ga = a.group === undefined ? -1 : groupOrd.get(a.group)!;
      const gb = b.group === undefined ? -1 : groupOrd.get(b.group)!;
      if (ga !== gb) return ga - gb;
      if (a.orderInGroup !== b.orderInGroup) return a.orderInGroup - b.orderInGroup;
      const da = a.defaultValue === undefined ? 0 : 1;
      const db = b.defaultValue === undefined ? 0 : 1;
      if (da !== db) return da - db;
      if (a.importance !== b.importance) return importance[a.importance] - importance[b.importance];
      return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
    });
  }

  /** The defined key names, in definition order. */
  names(): string[] {
    return [...this.#keys.keys()];
  }

  configKeys(): ReadonlyMap<string, ConfigKey> {
    return this.#keys;
  }

  /** Groups in order of first appearance. */
  groups(): string[] {
    return [...this.#groups];
  }

  /** Keys that have a default, with it (null included). */
  defaultValues(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of this.#keys.values()) if (key.defaultValue !== undefined) out[key.name] = key.defaultValue;
    return out;
  }

  /** A new ConfigDef with this one's keys, then `other`'s (a key in both is an error). */
  merge(other: ConfigDef): ConfigDef {
    const merged = new ConfigDef(this);
    for (const key of other.#keys.values()) merged.#define(key);
    return merged;
  }

  /**
   * Java's embed: defines every key of `child` under `keyPrefix` (e.g. `transforms.x.`), in group
   * `groupPrefix` (`groupPrefix: childGroup` when the child key has a group of its own).
   */
  embed(keyPrefix: string, groupPrefix: string, startingOrd: number, child: ConfigDef): this {
    let order = startingOrd;
    for (const key of child.#sortedKeys()) {
      const recommender = key.recommender;
      this.#define({
        ...key,
        name: keyPrefix + key.name,
        group: groupPrefix + (key.group === undefined ? '' : `: ${key.group}`),
        orderInGroup: order++,
        dependents: key.dependents.map((d) => keyPrefix + d),
        recommender: recommender && embeddedRecommender(keyPrefix, recommender),
      });
    }
    return this;
  }

  /**
   * Parses and validates `props` against this definition: typed values for every defined key
   * (defaults filled in). Keys not defined here are ignored. Throws ConfigException for the first
   * bad key in definition order.
   */
  parse(props: ConfigProps): Record<string, unknown> {
    const undefinedKeys = this.#undefinedDependents();
    if (undefinedKeys.length > 0) {
      throw new ConfigException(`Some configurations in are referred in the dependents, but not defined: ${undefinedKeys.join(',')}`);
    }
    const { values, errors } = this.#run(props);
    for (const name of this.#keys.keys()) {
      const errs = errors.get(name);
      if (errs) throw errs[0]!;
    }
    return values;
  }

  /**
   * Validates every key and reports each one (REST `config/validate`): its value (null when it
   * could not be parsed or is missing), its error messages, recommended values and visibility.
   */
  validate(props: ConfigProps): ConfigValue[] {
    return [...this.validateAll(props).values()];
  }

  validateAll(props: ConfigProps): Map<string, ConfigValue> {
    const result = new Map<string, ConfigValue>();
    const { values, errors } = this.#run(props);
    for (const name of this.#keys.keys()) {
      result.set(name, {
        name,
        value: values[name] === undefined ? null : values[name],
        recommendedValues: [],
        errorMessages: (errors.get(name) ?? []).map((e) => e.message),
        visible: true,
      });
    }
    // As Java's parseForValidate: a value that failed to parse, or is missing, is null, and its
    // validator still judges that null (`tasks.max=x` also reads "Value must be non-null").
    for (const [name, key] of this.#keys) {
      if (values[name] !== undefined || !key.validator) continue;
      try {
        key.validator.ensureValid(name, null);
      } catch (e) {
        if (e instanceof ConfigException) result.get(name)!.errorMessages.push(e.message);
      }
    }
    for (const name of this.#undefinedDependents()) {
      result.set(name, { name, value: null, recommendedValues: [],
        errorMessages: [`${name} is referred in the dependents, but not defined.`], visible: false });
    }
    const parsed: Record<string, unknown> = {};
    for (const [name, cv] of result) parsed[name] = cv.value;
    for (const [name, key] of this.#keys) {
      if (!key.recommender) continue;
      const cv = result.get(name)!;
      try {
        cv.recommendedValues = [...key.recommender.validValues(name, parsed)];
        cv.visible = key.recommender.visible(name, parsed);
      } catch (e) {
        if (!(e instanceof ConfigException)) throw e;
        cv.errorMessages.push(e.message);
      }
    }
    return result;
  }

  #undefinedDependents(): string[] {
    const out = new Set<string>();
    for (const key of this.#keys.values()) for (const d of key.dependents) if (!this.#keys.has(d)) out.add(d);
    return [...out];
  }

  /** Parses every key, then checks all validators in one ajv call. Errors by key. */
  #run(props: ConfigProps): { values: Record<string, unknown>; errors: Map<string, ConfigException[]> } {
    const values: Record<string, unknown> = {};
    const errors = new Map<string, ConfigException[]>();
    const data: Record<string, unknown> = {};
    for (const [name, key] of this.#keys) {
      const raw = lookup(props, name);
      let value: unknown;
      if (raw.present) {
        try {
          value = ConfigDef.parseType(name, raw.value, key.type);
        } catch (e) {
          if (!(e instanceof ConfigException)) throw e;
          errors.set(name, [e]);
          continue;
        }
      } else if (key.defaultValue === undefined) {
        errors.set(name, [withKey(new ConfigException(
          `Missing required configuration "${name}" which has no default value.`), name, null)]);
        continue;
      } else {
        value = key.defaultValue;
      }
      values[name] = value;
      if (key.validator) data[name] = toJsonView(value);
    }

    const { check } = this.#compile();
    if (check) {
      this.#current = values;
      let ok: boolean;
      try {
        ok = check(data) as boolean;
      } finally {
        this.#current = undefined;
      }
      if (!ok) {
        const failing = new Set<string>();
        for (const err of check.errors ?? []) failing.add(topLevelProperty(err.instancePath));
        for (const [name, key] of this.#keys) {
          if (!failing.has(name) || !key.validator) continue;
          errors.set(name, [explainFailure(key.validator, name, values[name])]);
        }
      }
    }
    return { values, errors };
  }

  #compile(): Compiled {
    if (this.#compiled) return this.#compiled;
    const properties: Record<string, JsonSchema> = {};
    const lambdas: { name: string; check: (name: string, value: unknown) => void }[] = [];
    for (const [name, key] of this.#keys) {
      if (!key.validator) continue;
      const ctx: SchemaContext = {
        lambda: (check) => {
          lambdas.push({ name, check });
          return { kconnectLambda: lambdas.length - 1 };
        },
      };
      properties[name] = key.validator.schema(ctx);
    }
    if (Object.keys(properties).length === 0) return (this.#compiled = { check: undefined });
    const ajv = newAjv();
    ajv.addKeyword({
      keyword: 'kconnectLambda',
      schemaType: 'number',
      errors: true,
      validate: (index: number) => {
        const entry = lambdas[index]!;
        try {
          entry.check(entry.name, this.#current?.[entry.name] ?? null);
          return true;
        } catch {
          return false;
        }
      },
    });
    return (this.#compiled = { check: ajv.compile({ type: 'object', properties }) });
  }

  // -------------------------------------------------------------------------------------------
  // Type parsing, exactly like Java's ConfigDef.parseType

  /** Parses `value` (a string, or an already-typed value) as `type`; null stays null. */
  static parseType(name: string, value: unknown, type: ConfigType): unknown {
    if (value === null || value === undefined) return null;
    const isString = typeof value === 'string';
    const trimmed = isString ? javaTrim(value) : '';
    switch (type) {
      case 'BOOLEAN':
        if (isString) {
          const lower = trimmed.toLowerCase();
          if (lower === 'true') return true;
          if (lower === 'false') return false;
        } else if (typeof value === 'boolean') {
          return value;
        }
        throw new ConfigException(name, exceptionValue(value), 'Expected value to be either true or false');
      case 'PASSWORD':
        if (value instanceof Password) return value;
        if (isString) return new Password(trimmed);
        throw new ConfigException(name, exceptionValue(value), `Expected value to be a string, but it was a ${typeName(value)}`);
      case 'STRING':
        if (isString) return trimmed;
        throw new ConfigException(name, exceptionValue(value), `Expected value to be a string, but it was a ${typeName(value)}`);
      case 'INT':
        return parseInteger(name, value, isString ? trimmed : undefined, type, INT_MIN, INT_MAX, '32-bit integer');
      case 'SHORT':
        return parseInteger(name, value, isString ? trimmed : undefined, type, SHORT_MIN, SHORT_MAX, '16-bit integer (short)');
      case 'LONG':
        return parseInteger(name, value, isString ? trimmed : undefined, type, LONG_MIN, LONG_MAX, '64-bit integer (long)');
      case 'DOUBLE':
        if (typeof value === 'number') return value;
        if (typeof value === 'bigint') return Number(value);
        if (isString) {
          const d = parseJavaDouble(trimmed);
          if (d === undefined) throw new ConfigException(name, value, 'Not a number of type DOUBLE');
          return d;
        }
        throw new ConfigException(name, exceptionValue(value), `Expected value to be a double, but it was a ${typeName(value)}`);
      case 'LIST':
        if (Array.isArray(value)) return value;
        if (isString) return trimmed.length === 0 ? [] : trimmed.split(COMMA_WITH_WHITESPACE);
        throw new ConfigException(name, exceptionValue(value), 'Expected a comma separated list.');
      case 'CLASS':
        if (typeof value === 'function') return value;
        if (isString) {
          // Java loads the class here; names resolve to plugins elsewhere, but an empty name can
          // never resolve, so it fails now with Java's words.
          if (trimmed.length === 0) throw new ConfigException(name, value, `Class ${value} could not be found.`);
          return trimmed;
        }
        throw new ConfigException(name, exceptionValue(value), 'Expected a Class instance or class name.');
      default:
        throw new ConfigException(`Unknown type ${String(type)} for configuration ${name}`);
    }
  }

  /** Java's ConfigDef.convertToString: a parsed value back to its string form (passwords hidden). */
  static convertToString(parsedValue: unknown, type?: ConfigType): string | null {
    if (parsedValue === null || parsedValue === undefined) return null;
    if (Array.isArray(parsedValue)) return parsedValue.map(String).join(',');
    if (typeof parsedValue === 'function') return parsedValue.name;
    void type;
    return String(parsedValue);
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

const TYPES = new Set<string>(['BOOLEAN', 'STRING', 'INT', 'SHORT', 'LONG', 'DOUBLE', 'LIST', 'CLASS', 'PASSWORD']);
const INT_MIN = -(2n ** 31n);
const INT_MAX = 2n ** 31n - 1n;
const SHORT_MIN = -(2n ** 15n);
const SHORT_MAX = 2n ** 15n - 1n;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const SAFE_MIN = BigInt(Number.MIN_SAFE_INTEGER);
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);
// Java's \s is [ \t\n\x0B\f\r]
const COMMA_WITH_WHITESPACE = /[ \t\n\x0B\f\r]*,[ \t\n\x0B\f\r]*/;
const JAVA_INTEGER = /^[+-]?[0-9]+$/;
const JAVA_DECIMAL_DOUBLE = /^[+-]?(?:NaN|Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[fFdD]?)$/;
const JAVA_HEX_DOUBLE = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)[fFdD]?$/;

/** Java's String.trim(): strips every char <= U+0020 at both ends. */
export function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

function parseInteger(name: string, value: unknown, trimmed: string | undefined, type: ConfigType,
  min: bigint, max: bigint, what: string): number | bigint {
  let big: bigint;
  if (trimmed !== undefined) {
    if (!JAVA_INTEGER.test(trimmed)) throw new ConfigException(name, value, `Not a number of type ${type}`);
    big = BigInt(trimmed);
  } else if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new ConfigException(name, value, `Not a number of type ${type}`);
    big = BigInt(value);
  } else if (typeof value === 'bigint') {
    big = value;
  } else {
    throw new ConfigException(name, exceptionValue(value), `Expected value to be a ${what}, but it was a ${typeName(value)}`);
  }
  if (big < min || big > max) throw new ConfigException(name, value, `Not a number of type ${type}`);
  return big >= SAFE_MIN && big <= SAFE_MAX ? Number(big) : big;
}

/** Java's Double.parseDouble on an already-trimmed string; undefined when it would throw. */
function parseJavaDouble(s: string): number | undefined {
  if (JAVA_DECIMAL_DOUBLE.test(s)) return Number(s.replace(/[fFdD]$/, ''));
  const hex = JAVA_HEX_DOUBLE.exec(s);
  if (hex && (hex[2]! + (hex[3] ?? '')).length > 0) {
    const frac = hex[3] ?? '';
    const mantissa = parseInt((hex[2]! || '0') + frac, 16);
    const v = mantissa * Math.pow(2, Number(hex[4]) - 4 * frac.length);
    return hex[1] === '-' ? -v : v;
  }
  return undefined;
}

function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'list';
  if (value instanceof Password) return 'password';
  return typeof value;
}

/** How a value shows in an error message: lists as Java prints them, secrets hidden. */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(displayValue).join(', ')}]`;
  if (typeof value === 'function') return value.name;
  return String(value);
}

function exceptionValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (Array.isArray(value) || typeof value === 'function' || (typeof value === 'object' && value !== null
    && !(value instanceof Password))) return displayValue(value);
  return value;
}

/** What ajv sees: passwords as their string, bigints as numbers, classes by name. */
function toJsonView(value: unknown): unknown {
  if (value instanceof Password) return value.value();
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'function') return value.name;
  if (Array.isArray(value)) return value.map(toJsonView);
  return value === undefined ? null : value;
}

function failureToException(name: string, value: unknown, failure: ValidationFailure): ConfigException {
  if (typeof failure === 'string') return new ConfigException(name, exceptionValue(value), failure);
  if ('message' in failure) return withKey(new ConfigException(failure.message), name, value);
  const shown = 'value' in failure ? failure.value : value;
  return new ConfigException(name, exceptionValue(shown), failure.reason);
}

function explainFailure(validator: Validator, name: string, value: unknown): ConfigException {
  try {
    validator.ensureValid(name, value);
  } catch (e) {
    if (e instanceof ConfigException) return e.key === undefined ? withKey(e, name, value) : e;
    return new ConfigException(name, exceptionValue(value), e instanceof Error ? e.message : String(e));
  }
  return new ConfigException(name, exceptionValue(value), `Invalid value, expected ${String(validator)}`);
}

/** Sets `key` on a ConfigException made from a whole message (so callers can still tell the key). */
export function withKey<E extends ConfigException>(e: E, key: string, value?: unknown): E {
  const w = e as { -readonly [K in 'key' | 'value']: unknown };
  w.key = key;
  if (value !== undefined && e.value === undefined) w.value = value;
  return e;
}

function topLevelProperty(instancePath: string): string {
  const seg = instancePath.split('/')[1] ?? '';
  return seg.replace(/~1/g, '/').replace(/~0/g, '~');
}

function lookup(props: ConfigProps, name: string): { present: boolean; value: unknown } {
  if (props instanceof Map) {
    const m = props as ReadonlyMap<string, unknown>;
    const value = m.get(name);
    return { present: m.has(name) && value !== undefined, value };
  }
  const rec = props as Readonly<Record<string, unknown>>;
  const present = Object.prototype.hasOwnProperty.call(rec, name) && rec[name] !== undefined;
  return { present, value: present ? rec[name] : undefined };
}

function embeddedRecommender(prefix: string, base: Recommender): Recommender {
  const unprefixed = (parsed: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(parsed)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
    return out;
  };
  return {
    validValues: (name, parsed) => base.validValues(name.slice(prefix.length), unprefixed(parsed)),
    visible: (name, parsed) => base.visible(name.slice(prefix.length), unprefixed(parsed)),
  };
}

export { compileJavaRegex };
