// TimestampConverter: convert a timestamp field (or the whole key/value) between string, unix
// epoch, Date, Time and Timestamp (org.apache.kafka.connect.transforms.TimestampConverter).
// Internally every timestamp passes through epoch milliseconds, as Java's java.util.Date.

import {
  ConfigDef, Validators, type ConnectRecord, ConnectDate, ConfigException, ConnectException,
  DataException, Schema, type Schema as SchemaT, SchemaBuilder, Struct, Time, Timestamp,
} from 'kconnect';
import { FieldError, KEY, SideTransformation, VALUE, type Side } from './util/base.js';
import { REPLACE_NULL_WITH_DEFAULT_CONFIG, defineReplaceNullWithDefault, fieldValue } from './util/fields.js';
import { normalizeLong } from './util/javaNumbers.js';
import { className, copyMap, requireMap, requireStructOrNull, setEntry } from './util/requirements.js';
import { copySchemaBasics, SchemaCache } from './util/schemaUtil.js';
import { ParseError, SimpleDateFormat } from './util/SimpleDateFormat.js';

const PURPOSE = 'converting timestamp formats';
const MS_PER_DAY = 86_400_000;

type TimestampType = 'string' | 'unix' | 'Date' | 'Time' | 'Timestamp';
type Precision = 'seconds' | 'milliseconds' | 'microseconds' | 'nanoseconds';

const OPTIONAL_DATE_SCHEMA = ConnectDate.builder().optional().build();
const OPTIONAL_TIME_SCHEMA = Time.builder().optional().build();
const OPTIONAL_TIMESTAMP_SCHEMA = Timestamp.builder().optional().build();

const CONFIG_DEF = defineReplaceNullWithDefault(new ConfigDef()
  .define('field', 'STRING', '', 'HIGH', 'The field containing the timestamp, or empty if the entire value is a timestamp')
  .define('target.type', 'STRING', ConfigDef.NO_DEFAULT_VALUE, Validators.in('string', 'unix', 'Date', 'Time', 'Timestamp'), 'HIGH',
    'The desired timestamp representation: string, unix, Date, Time, or Timestamp')
  .define('format', 'STRING', '', 'MEDIUM',
    'A SimpleDateFormat-compatible format for the timestamp. Used to generate the output when type=string '
    + 'or used to parse the input if the input is a string.')
  .define('unix.precision', 'STRING', 'milliseconds', Validators.in('nanoseconds', 'microseconds', 'milliseconds', 'seconds'), 'LOW',
    'The desired Unix precision for the timestamp: seconds, milliseconds, microseconds, or nanoseconds. '
    + 'Used to generate the output when type=unix or used to parse the input if the input is a Long.'
    + 'Note: This SMT will cause precision loss during conversions from, and to, values with sub-millisecond components.'));

const LONG_MAX = 9223372036854775807n;
const LONG_MIN = -9223372036854775808n;

function saturate(v: bigint): bigint {
  return v > LONG_MAX ? LONG_MAX : v < LONG_MIN ? LONG_MIN : v;
}

/** Java's TimeUnit conversions on longs: truncating division, saturating multiplication. */
function fromUnix(v: number | bigint, precision: Precision): number {
  if (typeof v === 'number' && precision === 'milliseconds') return v;
  const b = BigInt(v);
  switch (precision) {
    case 'seconds': return Number(saturate(b * 1000n));
    case 'microseconds': return Number(b / 1000n);
    case 'nanoseconds': return Number(b / 1_000_000n);
    default: return Number(b);
  }
}

function toUnix(ms: number, precision: Precision): number | bigint {
  switch (precision) {
    case 'seconds': return Math.trunc(ms / 1000);
    case 'milliseconds': return ms;
    default: {
      return normalizeLong(saturate(BigInt(ms) * (precision === 'microseconds' ? 1000n : 1_000_000n)));
    }
  }
}

abstract class TimestampConverter<R extends ConnectRecord<R>> extends SideTransformation<R> {
  static readonly OVERVIEW_DOC = 'Convert timestamps between different formats such as Unix epoch, strings, and Connect Date/Timestamp types.'
    + 'Applies to individual fields or to the entire value.';
  static readonly CONFIG_DEF = CONFIG_DEF;

  private field = '';
  private type: TimestampType = 'Timestamp';
  private format: SimpleDateFormat | null = null;
  private precision: Precision = 'milliseconds';
  private replaceNullWithDefault = true;
  private readonly schemaCache = this.cache(new SchemaCache((s) => this.makeUpdatedSchema(s)));

  constructor(side: Side) {
    super(side, 'TimestampConverter');
  }

  protected configureWith(c: Record<string, unknown>): void {
    this.field = c['field'] as string;
    this.type = c['target.type'] as TimestampType;
    const pattern = c['format'] as string;
    this.precision = c['unix.precision'] as Precision;
    this.replaceNullWithDefault = c[REPLACE_NULL_WITH_DEFAULT_CONFIG] as boolean;
    const blank = pattern.trim().length === 0;
    if (this.type === 'string' && blank) {
      throw new ConfigException('format', pattern,
        'TimestampConverter requires format option to be specified when using string timestamps');
    }
    this.format = null;
    if (!blank) {
      try {
        this.format = new SimpleDateFormat(pattern);
      } catch (e) {
        throw new ConfigException('format', pattern,
          `TimestampConverter requires a SimpleDateFormat-compatible pattern for string timestamps: ${pattern} (${(e as Error).message})`);
      }
    }
  }

  protected transform(record: R): R | null {
    const schema = this.side.schema(record);
    return schema === null ? this.applySchemaless(record) : this.applyWithSchema(record, schema);
  }

  // -------------------------------------------------------------------------------------------
  // The five representations

  private typeSchema(type: TimestampType, optional: boolean): SchemaT {
    switch (type) {
      case 'string': return optional ? Schema.OPTIONAL_STRING_SCHEMA : Schema.STRING_SCHEMA;
      case 'unix': return optional ? Schema.OPTIONAL_INT64_SCHEMA : Schema.INT64_SCHEMA;
      case 'Date': return optional ? OPTIONAL_DATE_SCHEMA : ConnectDate.SCHEMA;
      case 'Time': return optional ? OPTIONAL_TIME_SCHEMA : Time.SCHEMA;
      default: return optional ? OPTIONAL_TIMESTAMP_SCHEMA : Timestamp.SCHEMA;
    }
  }

  /** A timestamp in representation `from` to epoch milliseconds. */
  private toRaw(from: TimestampType, value: unknown): number {
    switch (from) {
      case 'string': {
        if (typeof value !== 'string') {
          throw new DataException(`Expected string timestamp to be a String, but found class ${className(value)}`);
        }
        if (this.format === null) {
          throw new DataException('TimestampConverter requires format option to be specified when using string timestamps');
        }
        try {
          return this.format.parse(value);
        } catch (e) {
          if (!(e instanceof ParseError)) throw e;
          throw new DataException(`Could not parse timestamp: value (${value}) does not match pattern (${this.format.toPattern()})`,
            { cause: e });
        }
      }
      case 'unix':
        if (!(typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value)))) {
          throw new DataException(`Expected Unix timestamp to be a Long, but found class ${className(value)}`);
        }
        return fromUnix(value, this.precision);
      default:
        if (!(value instanceof Date)) {
          throw new DataException(`Expected ${from} to be a java.util.Date, but found class ${className(value)}`);
        }
        return value.getTime();
    }
  }

  /** Epoch milliseconds to the target representation. */
  private toType(ms: number): unknown {
    switch (this.type) {
      case 'string': return this.format!.format(ms);
      case 'unix': return toUnix(ms, this.precision);
      case 'Date': return new Date(Math.floor(ms / MS_PER_DAY) * MS_PER_DAY);
      case 'Time': return new Date(ms - Math.floor(ms / MS_PER_DAY) * MS_PER_DAY);
      default: return new Date(ms);
    }
  }

  /** Converts a timestamp in `from` (inferred from the value when null) to the target type. */
  private convert(value: unknown, from: TimestampType | null): unknown {
    if (value == null) return null;
    return this.toType(this.toRaw(from ?? inferTimestampType(value), value));
  }

  private convertField(field: string, value: unknown, from: TimestampType | null): unknown {
    try {
      return this.convert(value, from);
    } catch (e) {
      throw new FieldError(field, (e as Error).message, { cause: e });
    }
  }

  // -------------------------------------------------------------------------------------------

  private applyWithSchema(record: R, schema: SchemaT): R {
    if (this.field.length === 0) {
      const updatedSchema = this.typeSchema(this.type, schema.optional);
      return this.side.update(record, updatedSchema, this.convert(this.side.value(record), timestampTypeFromSchema(schema)));
    }
    const value = requireStructOrNull(this.side.value(record), PURPOSE);
    const updatedSchema = this.schemaCache.get(schema);
    return this.side.update(record, updatedSchema, this.applyValueWithSchema(value, updatedSchema));
  }

  private makeUpdatedSchema(schema: SchemaT): SchemaT {
    const builder = copySchemaBasics(schema, SchemaBuilder.struct());
    for (const field of schema.fields) {
      builder.field(field.name, field.name === this.field ? this.typeSchema(this.type, field.schema.optional) : field.schema);
    }
    if (schema.optional) builder.optional();
    if (schema.defaultValue != null) {
      builder.defaultValue(this.applyValueWithSchema(schema.defaultValue as Struct, builder.build()));
    }
    return builder.build();
  }

  private applyValueWithSchema(value: Struct | null, updatedSchema: SchemaT): Struct | null {
    if (value === null) return null;
    const updated = new Struct(updatedSchema);
    const fields = value.schema.fields;
    const outFields = updatedSchema.fields;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      const v = fieldValue(value, field, this.replaceNullWithDefault);
      updated.put(outFields[i]!, field.name === this.field
        ? this.convertField(field.name, v, timestampTypeFromSchema(field.schema))
        : v);
    }
    return updated;
  }

  private applySchemaless(record: R): R {
    const raw = this.side.value(record);
    if (raw == null || this.field.length === 0) return this.side.update(record, null, this.convert(raw, null));
    const value = requireMap(raw, PURPOSE);
    const updated = copyMap(value);
    setEntry(updated, this.field, this.convertField(this.field, Object.hasOwn(value, this.field) ? value[this.field] : null, null));
    return this.side.update(record, null, updated);
  }
}

function timestampTypeFromSchema(schema: SchemaT): TimestampType {
  switch (schema.name) {
    case Timestamp.LOGICAL_NAME: return 'Timestamp';
    case ConnectDate.LOGICAL_NAME: return 'Date';
    case Time.LOGICAL_NAME: return 'Time';
    default: break;
  }
  if (schema.type === 'STRING') return 'string';
  if (schema.type === 'INT64') return 'unix';
  throw new ConnectException(`Schema ${String(schema)} does not correspond to a known timestamp type format`);
}

function inferTimestampType(value: unknown): TimestampType {
  if (value instanceof Date) return 'Timestamp';
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value))) return 'unix';
  if (typeof value === 'string') return 'string';
  throw new DataException(`TimestampConverter does not support class ${className(value)} objects as timestamps`);
}

export class TimestampConverterKey<R extends ConnectRecord<R>> extends TimestampConverter<R> {
  constructor() {
    super(KEY);
  }
}

export class TimestampConverterValue<R extends ConnectRecord<R>> extends TimestampConverter<R> {
  constructor() {
    super(VALUE);
  }
}
