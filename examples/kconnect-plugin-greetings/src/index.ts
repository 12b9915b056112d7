// The plugin's manifest module: package.json's "kconnect.plugins" points at its compiled form
// (./dist/src/index.js). Each entry is one class the worker can use, by its full class name or by
// an alias (the part after the last dot is one automatically; connectors also get it without the
// "Connector" suffix, e.g. GreetingSource).
import type { PluginDefinition } from 'kconnect';
import { CsvConverter } from './CsvConverter.js';
import { FieldMatches } from './FieldMatches.js';
import { GreetingSourceConnector } from './GreetingSourceConnector.js';
import { JsonFileConfigProvider } from './JsonFileConfigProvider.js';
import { UppercaseKey, UppercaseValue } from './Uppercase.js';

export { CsvConverter, FieldMatches, GreetingSourceConnector, JsonFileConfigProvider, UppercaseKey, UppercaseValue };

const PACKAGE = 'com.example.greetings';

export const plugins: PluginDefinition[] = [
  { type: 'source', className: `${PACKAGE}.GreetingSourceConnector`, impl: GreetingSourceConnector },
  { type: 'transformation', className: `${PACKAGE}.Uppercase$Value`, aliases: ['UppercaseValue'], impl: UppercaseValue },
  { type: 'transformation', className: `${PACKAGE}.Uppercase$Key`, aliases: ['UppercaseKey'], impl: UppercaseKey },
  { type: 'predicate', className: `${PACKAGE}.FieldMatches`, impl: FieldMatches },
  { type: 'converter', className: `${PACKAGE}.CsvConverter`, impl: CsvConverter },
  { type: 'config_provider', className: `${PACKAGE}.JsonFileConfigProvider`, impl: JsonFileConfigProvider },
];
