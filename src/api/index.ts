// The SDK plugin authors code against: `import { SourceConnector, SourceTask, … } from 'kconnect'`.
export * from '../data/index.js';
export * from './Connector.js';
export * from './tasks.js';
export * from './Transformation.js';
export * from './Converter.js';
export * from './ConfigProvider.js';
export * from './ConfigDef.js';
export * from './plugin.js';
