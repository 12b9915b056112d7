// Logical type: a calendar date, INT32 days since the Unix epoch (org.apache.kafka.connect.data.Date).
// Values are JS Dates at UTC midnight. Exported as ConnectDate so it does not shadow the global Date.

import { DataException } from './errors.js';
import { DATE_LOGICAL_NAME, type Schema } from './Schema.js';
import { SchemaBuilder } from './SchemaBuilder.js';

const MILLIS_PER_DAY = 86400000;

export const ConnectDate = Object.freeze({
  LOGICAL_NAME: DATE_LOGICAL_NAME,

  /** int32, named Date, version 1. */
  builder(): SchemaBuilder {
    return SchemaBuilder.int32().name(DATE_LOGICAL_NAME).version(1);
  },

  SCHEMA: SchemaBuilder.int32().name(DATE_LOGICAL_NAME).version(1).build() as Schema,

  /** Days since the epoch; the Date must be at UTC midnight. */
  fromLogical(schema: Schema, value: Date): number {
    if (schema.name !== DATE_LOGICAL_NAME) {
      throw new DataException('Requested conversion of Date object but the schema does not match.');
    }
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw new DataException('Invalid Date');
    if (((ms % MILLIS_PER_DAY) + MILLIS_PER_DAY) % MILLIS_PER_DAY !== 0) {
      throw new DataException('Kafka Connect Date type should not have any time fields set to non-zero values.');
    }
    return Math.trunc(ms / MILLIS_PER_DAY) | 0;
  },

  toLogical(schema: Schema, value: number): Date {
    if (schema.name !== DATE_LOGICAL_NAME) {
      throw new DataException('Requested conversion of Date object but the schema does not match.');
    }
    return new Date(value * MILLIS_PER_DAY);
  },
});
