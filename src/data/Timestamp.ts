// Logical type: an instant, INT64 milliseconds since the Unix epoch (org.apache.kafka.connect.data.Timestamp).
// Values are JS Dates.

import { DataException } from './errors.js';
import { TIMESTAMP_LOGICAL_NAME, type Schema } from './Schema.js';
import { requireTimeSchema, timeTypeSchema } from './timeTypes.js';

export const Timestamp = Object.freeze({
  /** LOGICAL_NAME, builder() and SCHEMA: int64, named Timestamp, version 1. */
  ...timeTypeSchema('int64', TIMESTAMP_LOGICAL_NAME),

  fromLogical(schema: Schema, value: Date): number {
    requireTimeSchema(schema, TIMESTAMP_LOGICAL_NAME, 'Timestamp');
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw new DataException('Invalid Date');
    return ms;
  },

  toLogical(schema: Schema, value: number | bigint): Date {
    requireTimeSchema(schema, TIMESTAMP_LOGICAL_NAME, 'Timestamp');
    return new Date(Number(value));
  },
});
