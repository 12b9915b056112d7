// Logical type: a time of day, INT32 milliseconds since midnight (org.apache.kafka.connect.data.Time).
// Values are JS Dates on 1970-01-01 UTC.

import { DataException } from './errors.js';
import { TIME_LOGICAL_NAME, type Schema } from './Schema.js';
import { requireTimeSchema, timeTypeSchema } from './timeTypes.js';

const MILLIS_PER_DAY = 86400000;

export const Time = Object.freeze({
  /** LOGICAL_NAME, builder() and SCHEMA: int32, named Time, version 1. */
  ...timeTypeSchema('int32', TIME_LOGICAL_NAME),

  /** Milliseconds since midnight; the Date must lie on 1970-01-01 UTC. */
  fromLogical(schema: Schema, value: Date): number {
    requireTimeSchema(schema, TIME_LOGICAL_NAME, 'Time');
    const ms = value.getTime();
    if (!(ms >= 0 && ms <= MILLIS_PER_DAY)) {
      throw new DataException('Kafka Connect Time type should not have any date fields set to non-zero values.');
    }
    return ms;
  },

  toLogical(schema: Schema, value: number): Date {
    // (sic: Java's message says "Date" here)
    requireTimeSchema(schema, TIME_LOGICAL_NAME, 'Date');
    if (value < 0 || value > MILLIS_PER_DAY) {
      throw new DataException('Time values must use number of milliseconds greater than 0 and less than 86400000');
    }
    return new Date(value);
  },
});
