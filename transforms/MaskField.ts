// MaskField: replace fields with the "null" value of their type (0, false, "", empty list/map, epoch)
// or with `replacement` converted to the field's type (org.apache.kafka.connect.transforms.MaskField).
// Java picks the mask by the value's class; here the field's schema decides when there is one, and
// the JS form of the value when schemaless (integral numbers count as Long, others as Double).

import {
  ConfigDef, Validators, BigDecimal, NumberFormatException, type ConnectRecord, DataException,
  type Field, type Schema, Struct, ConnectDate, Time, Decimal, Values, Timestamp,
} from 'kconnect';
import { FieldError, KEY, SideTransformation, VALUE, type Side } from './util/base.js';
import { REPLACE_NULL_WITH_DEFAULT_CONFIG, defineReplaceNullWithDefault, fieldValue } from './util/fields.js';
import { className, copyMap, isPlainObject, requireMap, requireStruct, setEntry } from './util/requirements.js';
import { nonEmptyList } from './util/validators.js';

const PURPOSE = 'mask fields';

const CONFIG_DEF = defineReplaceNullWithDefault(new ConfigDef()
  .define('fields', 'LIST', ConfigDef.NO_DEFAULT_VALUE, nonEmptyList(), 'HIGH', 'Names of fields to mask.')
  .define('replacement', 'STRING', null, Validators.nonEmptyString(), 'LOW',
    "Custom value replacement, that will be applied to all 'fields' values (numeric or non-empty string values only)."));

/** The Java class a value would have: from its schema when known, else from its JS form. */
type Kind = 'Boolean' | 'Byte' | 'Short' | 'Integer' | 'Long' | 'Float' | 'Double' | 'BigDecimal' | 'Date' | 'String'
  | 'List' | 'Map' | 'Other';

function kindOfSchema(schema: Schema): Kind {
  switch (schema.name) {
    case Decimal.LOGICAL_NAME: return 'BigDecimal';
    case ConnectDate.LOGICAL_NAME: case Time.LOGICAL_NAME: case Timestamp.LOGICAL_NAME: return 'Date';
    default: break;
  }
  switch (schema.type) {
    case 'BOOLEAN': return 'Boolean';
    case 'INT8': return 'Byte';
    case 'INT16': return 'Short';
    case 'INT32': return 'Integer';
    case 'INT64': return 'Long';
    case 'FLOAT32': return 'Float';
    case 'FLOAT64': return 'Double';
    case 'STRING': return 'String';
    case 'ARRAY': return 'List';
    case 'MAP': return 'Map';
    default: return 'Other';
  }
}

function kindOfValue(v: unknown): Kind {
  switch (typeof v) {
    case 'boolean': return 'Boolean';
    case 'number': return Number.isInteger(v) ? 'Long' : 'Double';
    case 'bigint': return 'Long';
    case 'string': return 'String';
    default: break;
  }
  if (v instanceof BigDecimal) return 'BigDecimal';
  if (v instanceof Date) return 'Date';
  if (Array.isArray(v)) return 'List';
  if (v instanceof Map || isPlainObject(v)) return 'Map';
  return 'Other';
}

function maskWithNullValue(kind: Kind, value: unknown): unknown {
  switch (kind) {
    case 'Boolean': return false;
    case 'Byte': case 'Short': case 'Integer': case 'Float': case 'Double': return 0;
    case 'Long': return typeof value === 'bigint' ? 0n : 0;
    case 'BigDecimal': return BigDecimal.ZERO;
    case 'Date': return new Date(0);
    case 'String': return '';
    case 'List': return [];
    case 'Map': return value instanceof Map ? new Map() : {};
    default: throw new DataException(`Cannot mask value of type: class ${className(value)}`);
  }
}

function maskWithReplacement(kind: Kind, value: unknown, replacement: string): unknown {
  try {
    switch (kind) {
      case 'Byte': return Values.convertToByte(null, replacement);
      case 'Short': return Values.convertToShort(null, replacement);
      case 'Integer': return Values.convertToInteger(null, replacement);
      case 'Long': return Values.convertToLong(null, replacement);
      case 'Float': return Values.convertToFloat(null, replacement);
      case 'Double': return Values.convertToDouble(null, replacement);
      case 'String': return replacement;
      case 'BigDecimal': return BigDecimal.fromString(replacement);
      default: throw new DataException(`Cannot mask value of type class ${className(value)} with custom replacement.`);
    }
  } catch (e) {
    if (e instanceof NumberFormatException) {
      throw new DataException(`Unable to convert ${replacement} (class java.lang.String) to number`, { cause: e });
    }
    throw e;
  }
}

abstract class MaskField<R extends ConnectRecord<R>> extends SideTransformation<R> {
  static readonly OVERVIEW_DOC = 'Mask specified fields with a valid null value for the field type (i.e. 0, false, empty string, and so on).';
  static readonly CONFIG_DEF = CONFIG_DEF;

  private maskedFields: string[] = [];
  private masked = new Set<string>();
  private replacement: string | null = null;
  private replaceNullWithDefault = true;

  constructor(side: Side) {
    super(side, 'MaskField');
  }

  protected configureWith(c: Record<string, unknown>): void {
    this.masked = new Set(c['fields'] as string[]);
    this.maskedFields = [...this.masked];
    this.replacement = (c['replacement'] as string | null) ?? null;
    this.replaceNullWithDefault = c[REPLACE_NULL_WITH_DEFAULT_CONFIG] as boolean;
  }

  protected transform(record: R): R | null {
    return this.side.schema(record) === null ? this.applySchemaless(record) : this.applyWithSchema(record);
  }

  private mask(field: string, kind: Kind, value: unknown): unknown {
    if (value == null) return null;
    try {
      return this.replacement === null ? maskWithNullValue(kind, value) : maskWithReplacement(kind, value, this.replacement);
    } catch (e) {
      throw new FieldError(field, (e as Error).message, { cause: e });
    }
  }

  private applySchemaless(record: R): R {
    const value = requireMap(this.side.value(record), PURPOSE);
    const updated = copyMap(value);
    for (const field of this.maskedFields) {
      const v = Object.hasOwn(value, field) ? value[field] : null;
      setEntry(updated, field, this.mask(field, kindOfValue(v), v));
    }
    return this.side.update(record, null, updated);
  }

  private applyWithSchema(record: R): R {
    const value = requireStruct(this.side.value(record), PURPOSE);
    const schema = value.schema;
    const updated = new Struct(schema);
    const fields: readonly Field[] = schema.fields;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      const orig = fieldValue(value, field, this.replaceNullWithDefault);
      updated.put(field, this.masked.has(field.name) ? this.mask(field.name, kindOfSchema(field.schema), orig) : orig);
    }
    return this.side.update(record, schema, updated);
  }
}

export class MaskFieldKey<R extends ConnectRecord<R>> extends MaskField<R> {
  constructor() {
    super(KEY);
  }
}

export class MaskFieldValue<R extends ConnectRecord<R>> extends MaskField<R> {
  constructor() {
    super(VALUE);
  }
}
