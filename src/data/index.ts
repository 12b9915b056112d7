// Connect's data model: schemas, structs, logical types, headers and records. Re-exported as is by the
// SDK (src/api), so only the public names are listed here; helpers stay importable from their modules.

export * from './errors.js';
export { ConnectSchema, Field, SCHEMA_TYPES, Schema, isPrimitiveType, schemaEquals, validateValue, type SchemaType } from './Schema.js';
export { SchemaBuilder, SchemaBuilderException, type SchemaLike } from './SchemaBuilder.js';
export { Struct } from './Struct.js';
export { ArithmeticException, BigDecimal, NumberFormatException, type RoundingMode } from './BigDecimal.js';
export { Decimal } from './Decimal.js';
export { ConnectDate } from './Date.js';
export { Time } from './Time.js';
export { Timestamp } from './Timestamp.js';
export { SchemaAndValue } from './SchemaAndValue.js';
export { ConnectHeader, ConnectHeaders, type Header, type HeaderTransform } from './Headers.js';
export { ConnectRecord, type RecordChanges } from './ConnectRecord.js';
export { SourceRecord, type SourceRecordOptions } from './SourceRecord.js';
export { SinkRecord, type SinkRecordOptions, type TimestampType } from './SinkRecord.js';
export { Values } from './Values.js';
// Java's own text for numbers and class names, for plugins whose output must match Kafka Connect's.
export { formatJavaDouble, formatJavaFloat } from './JavaFormat.js';
export { javaClassName } from './valueUtil.js';
