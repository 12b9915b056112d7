// What every herder answers the same way, whatever the mode (Kafka's AbstractHerder): the
// worker-local plugin, validation and logger endpoints, and the checks around offset changes.
// StandaloneHerder and DistributedHerder extend it and implement the rest of Herder.

import { allLoggerLevels, loggerLevel, namedLogger, setLoggerLevel } from '../runtime/logger.js';
import type { Worker } from '../runtime/Worker.js';
import { listPlugins, pluginConfigKeys, validateConnectorConfigInfos } from './configInfos.js';
import { BadRequestException } from './Herder.js';
import type { ConfigInfos, ConfigKeyInfo, ConnectorOffset, LoggerLevel, Message, PluginInfo } from './types.js';

const log = namedLogger('kconnect.herder');

export abstract class AbstractHerder {
  constructor(readonly worker: Worker) {}

  get workerId(): string {
    return this.worker.workerId;
  }

  /** Alters (offsets) or resets (null) a connector's offsets; see offsetsChangeRefused. */
  protected abstract modifyOffsets(name: string, offsets: ConnectorOffset[] | null): Promise<Message>;

  /** Kafka's answer to an offsets change on a connector that is not STOPPED (or still has tasks). */
  protected static offsetsChangeRefused(name: string): BadRequestException {
    return new BadRequestException(
      'Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified ' +
        `connector by issuing a 'PUT' request to the '/connectors/${name}/stop' endpoint`,
    );
  }

  alterConnectorOffsets(name: string, offsets: ConnectorOffset[]): Promise<Message> {
    if (offsets.length === 0) return Promise.reject(new BadRequestException('The offsets to be altered may not be null or empty'));
    return this.modifyOffsets(name, offsets);
  }

  resetConnectorOffsets(name: string): Promise<Message> {
    return this.modifyOffsets(name, null);
  }

  connectorPlugins(connectorsOnly: boolean): PluginInfo[] {
    return listPlugins(this.worker.plugins, connectorsOnly);
  }

  connectorPluginConfig(pluginName: string): ConfigKeyInfo[] {
    return pluginConfigKeys(this.worker.plugins, pluginName);
  }

  async validateConnectorConfig(config: Record<string, string | null>): Promise<ConfigInfos> {
    return validateConnectorConfigInfos(this.worker.plugins, config);
  }

  allLoggerLevels(): Record<string, LoggerLevel> {
    return allLoggerLevels();
  }

  loggerLevel(name: string): LoggerLevel | null {
    return loggerLevel(name);
  }

  setWorkerLoggerLevel(namespace: string, level: string): string[] {
    log.info({ namespace, level }, 'Setting level of namespace and children');
    return setLoggerLevel(namespace, level);
  }
}
