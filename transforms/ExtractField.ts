// ExtractField: replace the key or value with one of its fields; with field.syntax.version=V2 the
// field may be a nested path (org.apache.kafka.connect.transforms.ExtractField).

import { ConfigDef, type ConnectRecord } from 'kconnect';
import { FieldError, KEY, SideTransformation, VALUE, type Side } from './util/base.js';
import { REPLACE_NULL_WITH_DEFAULT_CONFIG, defineReplaceNullWithDefault } from './util/fields.js';
import { requireMapOrNull, requireStructOrNull } from './util/requirements.js';
import {
  appendFieldSyntaxVersion, FIELD_SYNTAX_VERSION_CONFIG, fieldSyntaxVersion, SingleFieldPath,
} from './util/SingleFieldPath.js';

const PURPOSE = 'field extraction';

const CONFIG_DEF = appendFieldSyntaxVersion(defineReplaceNullWithDefault(new ConfigDef()
  .define('field', 'STRING', ConfigDef.NO_DEFAULT_VALUE, 'MEDIUM', 'Field name to extract.')));

abstract class ExtractField<R extends ConnectRecord<R>> extends SideTransformation<R> {
  static readonly OVERVIEW_DOC = 'Extract the specified field from a Struct when schema present, or a Map in the case of schemaless data. '
    + 'Any null values are passed through unmodified.';
  static readonly CONFIG_DEF = CONFIG_DEF;

  private path = new SingleFieldPath('', 'V1');
  private replaceNullWithDefault = true;

  constructor(side: Side) {
    super(side, 'ExtractField');
  }

  protected configureWith(c: Record<string, unknown>): void {
    this.path = new SingleFieldPath(c['field'] as string, fieldSyntaxVersion(c[FIELD_SYNTAX_VERSION_CONFIG] as string));
    this.replaceNullWithDefault = c[REPLACE_NULL_WITH_DEFAULT_CONFIG] as boolean;
  }

  protected transform(record: R): R | null {
    const schema = this.side.schema(record);
    if (schema === null) {
      const value = requireMapOrNull(this.side.value(record), PURPOSE);
      return this.side.update(record, null, value === null ? null : this.path.valueFromMap(value));
    }
    const value = requireStructOrNull(this.side.value(record), PURPOSE);
    const field = this.path.fieldFrom(schema);
    if (field === undefined) throw new FieldError(this.path.text, `Unknown field: ${this.path.text}`);
    return this.side.update(record, field.schema, value === null ? null : this.path.valueFromStruct(value, this.replaceNullWithDefault));
  }
}

export class ExtractFieldKey<R extends ConnectRecord<R>> extends ExtractField<R> {
  constructor() {
    super(KEY);
  }
}

export class ExtractFieldValue<R extends ConnectRecord<R>> extends ExtractField<R> {
  constructor() {
    super(VALUE);
  }
}
