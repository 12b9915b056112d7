// Logical type: an instant, INT64 milliseconds since the Unix epoch (org.apache.kafka.connect.data.Timestamp).
// Values are JS Dates.

import { DataException } from './errors.js';
import { TIMESTAMP_LOGICAL_NAME, type Schema } from './Schema.js';
import { SchemaBuilder } from './SchemaBuilder.js';

export const Timestamp = Object.freeze({
  LOGICAL_NAME: TIMESTAMP_LOGICAL_NAME,

  /** int64, named Timestamp, version 1. */
  builder(): SchemaBuilder {
    return SchemaBuilder.int64().name(TIMESTAMP_LOGICAL_NAME).version(1);
  },

  SCHEMA: SchemaBuilder.int64().name(TIMESTAMP_LOGICAL_NAME).version(1).build() as Schema,

  fromLogical(schema: Schema, value: Date): number {
    if (schema.name !== TIMESTAMP_LOGICAL_NAME) {
      throw new DataException('Requested conversion of Timestamp object but the schema does not match.');
    }
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw new DataException('Invalid Date');
    return ms;
  },

  toLogical(schema: Schema, value: number | bigint): Date {
    if (schema.name !== TIMESTAMP_LOGICAL_NAME) {
      throw new DataException('Requested conversion of Timestamp object but the schema does not match.');
    }
    return new Date(Number(value));
  },
});
