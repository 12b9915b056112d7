// Debezium's PostgresConnector: one task (a replication slot has one reader), its config checked
// up front, and one warning naming the Debezium keys this connector accepts but does not act on.

import { type ConfigDef, type ConfigValue, SourceConnector } from 'kconnect';
import { CDC_CONFIG_DEF, parseCdcConfig, unimplementedKeys, validateCdcConfig } from './config.js';
import { log } from './log.js';
import { PostgresCdcTask } from './PostgresCdcTask.js';
import { VERSION } from './version.js';

export class PostgresCdcConnector extends SourceConnector {
  private props: Record<string, string> = {};

  version(): string {
    return VERSION;
  }

  config(): ConfigDef {
    return CDC_CONFIG_DEF;
  }

  override validate(props: Record<string, string>): ConfigValue[] {
    return validateCdcConfig(props);
  }

  start(props: Record<string, string>): void {
    parseCdcConfig(props);
    this.props = { ...props };
    const ignored = unimplementedKeys(props);
    if (ignored.length > 0) {
      log.warn({ connector: props['name'], keys: ignored }, `These Debezium settings are accepted but not implemented by kconnect and have no effect: ${ignored.join(', ')}`);
    }
  }

  taskClass(): typeof PostgresCdcTask {
    return PostgresCdcTask;
  }

  taskConfigs(_maxTasks: number): Record<string, string>[] {
    return [{ ...this.props }];
  }

  stop(): void {}

  /** Offsets written over REST must be Debezium's: {"server": prefix} → an offset with an lsn. */
  override alterOffsets(_props: Record<string, string>, offsets: Map<Record<string, unknown>, Record<string, unknown> | null>): boolean {
    for (const [partition, offset] of offsets) {
      if (typeof partition['server'] !== 'string') throw new Error('A PostgresConnector source partition is {"server": "<topic.prefix>"}');
      if (offset !== null && typeof offset['lsn'] !== 'number' && typeof offset['lsn_proc'] !== 'number') {
        throw new Error('A PostgresConnector offset needs a numeric "lsn" (and lsn_proc / lsn_commit to resume streaming exactly)');
      }
    }
    return true;
  }
}
