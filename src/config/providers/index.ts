// Kafka's built-in config providers, registered under their Java class names (and so also as
// FileConfigProvider, EnvVarConfigProvider, DirectoryConfigProvider).
import type { PluginDefinition } from '../../api/plugin.js';
import { DirectoryConfigProvider } from './DirectoryConfigProvider.js';
import { EnvVarConfigProvider } from './EnvVarConfigProvider.js';
import { FileConfigProvider } from './FileConfigProvider.js';

export { DirectoryConfigProvider, EnvVarConfigProvider, FileConfigProvider };

const PACKAGE = 'org.apache.kafka.common.config.provider';

export const plugins: PluginDefinition[] = [
  { type: 'config_provider', className: `${PACKAGE}.FileConfigProvider`, impl: FileConfigProvider },
  { type: 'config_provider', className: `${PACKAGE}.EnvVarConfigProvider`, impl: EnvVarConfigProvider },
  { type: 'config_provider', className: `${PACKAGE}.DirectoryConfigProvider`, impl: DirectoryConfigProvider },
];
