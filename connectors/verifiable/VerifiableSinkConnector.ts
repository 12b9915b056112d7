import { ConfigDef, SinkConnector } from 'kconnect';
import { VerifiableSinkTask } from './VerifiableSinkTask.js';
import { VERSION } from './version.js';

export const OUTPUT_DIR_CONFIG = 'output.dir';

const SINK_CONFIG_DEF = new ConfigDef().define({
  name: OUTPUT_DIR_CONFIG,
  type: 'STRING',
  importance: 'HIGH',
  documentation: 'Folder where each task appends what it flushed, to <connector name>-<task id>.jsonl',
});

/**
 * Kafka's VerifiableSinkConnector for system tests: each task records every sequence number it
 * flushed (one JSON line per record: source task, seqno, topic, partition, offset), only when the
 * runtime asks it to flush, i.e. just before the consumer offsets are committed. The files tell
 * what the sink received exactly once, more than once, or never.
 */
export class VerifiableSinkConnector extends SinkConnector {
  private props: Record<string, string> = {};

  version(): string {
    return VERSION;
  }

  start(props: Record<string, string>): void {
    SINK_CONFIG_DEF.parse(props);
    this.props = { ...props };
  }

  taskClass() {
    return VerifiableSinkTask;
  }

  taskConfigs(maxTasks: number): Record<string, string>[] {
    return Array.from({ length: maxTasks }, (_, i) => ({ ...this.props, id: String(i) }));
  }

  stop(): void {}

  config(): ConfigDef {
    return SINK_CONFIG_DEF;
  }
}
