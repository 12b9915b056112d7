// The sink connector: every task gets the same config (Kafka spreads the topic partitions).

import { type ConfigDef, type ConfigValue, SinkConnector } from 'kconnect';
import { SINK_CONFIG_DEF, parseSinkConfig, validateSinkConfig } from './config.js';
import { PostgresSinkTask } from './PostgresSinkTask.js';
import { VERSION } from './version.js';

export class PostgresSinkConnector extends SinkConnector {
  private props: Record<string, string> = {};

  version(): string {
    return VERSION;
  }

  config(): ConfigDef {
    return SINK_CONFIG_DEF;
  }

  override validate(props: Record<string, string>): ConfigValue[] {
    return validateSinkConfig(props);
  }

  taskClass(): typeof PostgresSinkTask {
    return PostgresSinkTask;
  }

  start(props: Record<string, string>): void {
    parseSinkConfig(props);
    this.props = { ...props };
  }

  taskConfigs(maxTasks: number): Record<string, string>[] {
    return Array.from({ length: Math.max(1, maxTasks) }, () => ({ ...this.props }));
  }

  stop(): void {}
}
