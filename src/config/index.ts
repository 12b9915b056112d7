// The config room: java.util.Properties files, worker and connector configuration.
// ConfigDef itself (and Password, Validators) lives in the SDK, src/api/ConfigDef.ts.

export * from './properties.js';
export * from './abstractConfig.js';
export * from './workerConfig.js';
export * from './connectorConfig.js';
