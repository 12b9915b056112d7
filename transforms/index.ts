import { type PluginDefinition, type TransformationClass } from 'kconnect';
import { CastKey, CastValue } from './Cast.js';
import { DropHeaders } from './DropHeaders.js';
import { ExtractFieldKey, ExtractFieldValue } from './ExtractField.js';
import { Filter } from './Filter.js';
import { FlattenKey, FlattenValue } from './Flatten.js';
import { HeaderFromKey, HeaderFromValue } from './HeaderFrom.js';
import { HoistFieldKey, HoistFieldValue } from './HoistField.js';
import { InsertFieldKey, InsertFieldValue } from './InsertField.js';
import { InsertHeader } from './InsertHeader.js';
import { MaskFieldKey, MaskFieldValue } from './MaskField.js';
import { RegexRouter } from './RegexRouter.js';
import { ReplaceFieldKey, ReplaceFieldValue } from './ReplaceField.js';
import { SetSchemaMetadataKey, SetSchemaMetadataValue } from './SetSchemaMetadata.js';
import { TimestampConverterKey, TimestampConverterValue } from './TimestampConverter.js';
import { TimestampRouter } from './TimestampRouter.js';
import { VERSION } from './util/base.js';
import { ValueToKey } from './ValueToKey.js';

const PACKAGE = 'org.apache.kafka.connect.transforms';

/** A transform with Key and Value variants: `<pkg>.InsertField$Key`, alias `InsertField$Key` and `InsertFieldKey`. */
function keyValue(name: string, key: TransformationClass, value: TransformationClass): PluginDefinition[] {
  return ([['Key', key], ['Value', value]] as const).map(([side, impl]) => ({
    type: 'transformation',
    className: `${PACKAGE}.${name}$${side}`,
    aliases: [`${name}$${side}`, impl.name],
    version: VERSION,
    impl,
  }));
}

function single(impl: TransformationClass): PluginDefinition {
  return { type: 'transformation', className: `${PACKAGE}.${impl.name}`, version: VERSION, impl };
}

/** Built-in single message transforms, under Kafka's class names. */
export const plugins: PluginDefinition[] = [
  ...keyValue('Cast', CastKey, CastValue),
  ...keyValue('ExtractField', ExtractFieldKey, ExtractFieldValue),
  ...keyValue('Flatten', FlattenKey, FlattenValue),
  ...keyValue('HeaderFrom', HeaderFromKey, HeaderFromValue),
  ...keyValue('HoistField', HoistFieldKey, HoistFieldValue),
  ...keyValue('InsertField', InsertFieldKey, InsertFieldValue),
  ...keyValue('MaskField', MaskFieldKey, MaskFieldValue),
  ...keyValue('ReplaceField', ReplaceFieldKey, ReplaceFieldValue),
  ...keyValue('SetSchemaMetadata', SetSchemaMetadataKey, SetSchemaMetadataValue),
  ...keyValue('TimestampConverter', TimestampConverterKey, TimestampConverterValue),
  single(DropHeaders),
  single(Filter),
  single(InsertHeader),
  single(RegexRouter),
  single(TimestampRouter),
  single(ValueToKey),
];
