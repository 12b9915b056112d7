// Built-in converters and header converters, and their names as users write them in worker and
// connector configs (Kafka's Java class names and the simple class names).

import { ByteArrayConverter } from './ByteArrayConverter.js';
import { JsonConverter } from './JsonConverter.js';
import {
  BooleanConverter, DoubleConverter, FloatConverter, IntegerConverter, LongConverter, ShortConverter,
} from './NumberConverters.js';
import { SimpleHeaderConverter } from './SimpleHeaderConverter.js';
import { StringConverter } from './StringConverter.js';
import { AvroConverter } from './registry/AvroConverter.js';
import { JsonSchemaConverter } from './registry/JsonSchemaConverter.js';
import { ProtobufConverter } from './registry/ProtobufConverter.js';
import type { ConverterClass, HeaderConverterClass } from '../api/Converter.js';

export type { Converter, ConverterClass, HeaderConverter, HeaderConverterClass } from '../api/Converter.js';
export { JsonConverter, type DecimalFormat } from './JsonConverter.js';
export { StringConverter, charsetCodec } from './StringConverter.js';
export { ByteArrayConverter } from './ByteArrayConverter.js';
export {
  BooleanConverter, DoubleConverter, FloatConverter, IntegerConverter, LongConverter, ShortConverter,
} from './NumberConverters.js';
export { SimpleHeaderConverter } from './SimpleHeaderConverter.js';
export { AvroConverter } from './registry/AvroConverter.js';
export { JsonSchemaConverter } from './registry/JsonSchemaConverter.js';
export { ProtobufConverter } from './registry/ProtobufConverter.js';

/** Every built-in, by Java class name. All but SimpleHeaderConverter are also HeaderConverters. */
export const BUILTIN_CONVERTERS: ReadonlyArray<{
  className: string;
  impl: ConverterClass | HeaderConverterClass;
  converter: boolean;
  headerConverter: boolean;
}> = Object.freeze([
  { className: 'org.apache.kafka.connect.json.JsonConverter', impl: JsonConverter, converter: true, headerConverter: true },
  { className: 'org.apache.kafka.connect.storage.StringConverter', impl: StringConverter, converter: true, headerConverter: true },
  { className: 'org.apache.kafka.connect.converters.ByteArrayConverter', impl: ByteArrayConverter, converter: true, headerConverter: true },
  { className: 'org.apache.kafka.connect.converters.ShortConverter', impl: ShortConverter, converter: true, headerConverter: true },
  { className: 'org.apache.kafka.connect.converters.IntegerConverter', impl: IntegerConverter, converter: true, headerConverter: true },
  { className: 'org.apache.kafka.connect.converters.LongConverter', impl: LongConverter, converter: true, headerConverter: true },
  { className: 'org.apache.kafka.connect.converters.FloatConverter', impl: FloatConverter, converter: true, headerConverter: true },
  { className: 'org.apache.kafka.connect.converters.DoubleConverter', impl: DoubleConverter, converter: true, headerConverter: true },
  { className: 'org.apache.kafka.connect.converters.BooleanConverter', impl: BooleanConverter, converter: true, headerConverter: true },
  { className: 'org.apache.kafka.connect.storage.SimpleHeaderConverter', impl: SimpleHeaderConverter, converter: false, headerConverter: true },
  { className: 'io.confluent.connect.avro.AvroConverter', impl: AvroConverter, converter: true, headerConverter: false },
  { className: 'io.confluent.connect.json.JsonSchemaConverter', impl: JsonSchemaConverter, converter: true, headerConverter: false },
  { className: 'io.confluent.connect.protobuf.ProtobufConverter', impl: ProtobufConverter, converter: true, headerConverter: false },
]);

const simpleName = (className: string): string => className.slice(className.lastIndexOf('.') + 1);

function byName<T>(filter: (c: (typeof BUILTIN_CONVERTERS)[number]) => boolean): Readonly<Record<string, T>> {
  const out: Record<string, T> = {};
  for (const c of BUILTIN_CONVERTERS) {
    if (!filter(c)) continue;
    out[c.className] = c.impl as T;
    out[simpleName(c.className)] = c.impl as T;
  }
  return Object.freeze(out);
}

/** Java class name or simple name → class, for key.converter / value.converter. */
export const converterClasses: Readonly<Record<string, ConverterClass>> = byName<ConverterClass>((c) => c.converter);

/** Java class name or simple name → class, for header.converter. */
export const headerConverterClasses: Readonly<Record<string, HeaderConverterClass>> = byName<HeaderConverterClass>((c) => c.headerConverter);

/** Every built-in converter class by Java class name and simple name. */
export const CONVERTER_CLASSES: Readonly<Record<string, ConverterClass | HeaderConverterClass>> =
  byName<ConverterClass | HeaderConverterClass>(() => true);
