// What Connect's three time types (Date, Time, Timestamp) share: a schema of one primitive type
// named after the Java class, version 1, and Java's refusal to convert with another schema.

import { DataException } from './errors.js';
import type { Schema } from './Schema.js';
import { SchemaBuilder } from './SchemaBuilder.js';

/** LOGICAL_NAME, builder() and SCHEMA of a time type stored as `type`. */
export function timeTypeSchema<N extends string>(type: 'int32' | 'int64', name: N) {
  const builder = (): SchemaBuilder => SchemaBuilder[type]().name(name).version(1);
  return { LOGICAL_NAME: name, builder, SCHEMA: builder().build() as Schema };
}

/** Throws Java's DataException unless `schema` is the time type `name`; `javaClass` is what the message names. */
export function requireTimeSchema(schema: Schema, name: string, javaClass: 'Date' | 'Time' | 'Timestamp'): void {
  if (schema.name !== name) throw new DataException(`Requested conversion of ${javaClass} object but the schema does not match.`);
}
