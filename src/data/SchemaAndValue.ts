// A schema and a value together, as converters return them (org.apache.kafka.connect.data.SchemaAndValue).

import type { Schema } from './Schema.js';

export interface SchemaAndValue {
  schema: Schema | null;
  value: unknown;
}

export const SchemaAndValue = Object.freeze({
  /** No schema, no value (a tombstone). Frozen: never mutate it. */
  NULL: Object.freeze({ schema: null, value: null }) as SchemaAndValue,
  of(schema: Schema | null, value: unknown): SchemaAndValue {
    return { schema, value };
  },
});
