// Logical type: a calendar date, INT32 days since the Unix epoch (org.apache.kafka.connect.data.Date).
// Values are JS Dates at UTC midnight. Exported as ConnectDate so it does not shadow the global Date.

import { DataException } from './errors.js';
import { DATE_LOGICAL_NAME, type Schema } from './Schema.js';
import { requireTimeSchema, timeTypeSchema } from './timeTypes.js';

const MILLIS_PER_DAY = 86400000;

export const ConnectDate = Object.freeze({
  /** LOGICAL_NAME, builder() and SCHEMA: int32, named Date, version 1. */
  ...timeTypeSchema('int32', DATE_LOGICAL_NAME),

  /** Days since the epoch; the Date must be at UTC midnight. */
  fromLogical(schema: Schema, value: Date): number {
    requireTimeSchema(schema, DATE_LOGICAL_NAME, 'Date');
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw new DataException('Invalid Date');
    if (((ms % MILLIS_PER_DAY) + MILLIS_PER_DAY) % MILLIS_PER_DAY !== 0) {
      throw new DataException('Kafka Connect Date type should not have any time fields set to non-zero values.');
    }
    return Math.trunc(ms / MILLIS_PER_DAY) | 0;
  },

  toLogical(schema: Schema, value: number): Date {
    requireTimeSchema(schema, DATE_LOGICAL_NAME, 'Date');
    return new Date(value * MILLIS_PER_DAY);
  },
});
