// InsertHeader: add a header with a literal value to every record
// (org.apache.kafka.connect.transforms.InsertHeader). The literal is parsed as Kafka's
// Values.parseString does: "42" is an INT8 header, "true" a BOOLEAN, "[1,2]" an ARRAY, text a STRING.

import { ConfigDef, Validators, type ConnectRecord, type SchemaAndValue, Values } from 'kconnect';
import { BaseTransformation } from './util/base.js';

const CONFIG_DEF = new ConfigDef()
  .define('header', 'STRING', ConfigDef.NO_DEFAULT_VALUE, Validators.nonNull(), 'HIGH', 'The name of the header.')
  .define('value.literal', 'STRING', ConfigDef.NO_DEFAULT_VALUE, Validators.nonNull(), 'HIGH',
    'The literal value that is to be set as the header value on all records.');

export class InsertHeader<R extends ConnectRecord<R>> extends BaseTransformation<R> {
  static readonly OVERVIEW_DOC = 'Add a header to each record.';
  static readonly CONFIG_DEF = CONFIG_DEF;

  private header = '';
  private literal: SchemaAndValue = { schema: null, value: null };

  protected configureWith(c: Record<string, unknown>): void {
    this.header = c['header'] as string;
    this.literal = Values.parseString(c['value.literal'] as string);
  }

  protected transform(record: R): R | null {
    const headers = record.headers.duplicate();
    headers.add(this.header, this.literal.value, this.literal.schema);
    return record.newRecord({ headers });
  }
}
