import { ConfigDef, SinkConnector } from 'kconnect';
import { FileStreamSinkTask } from './FileStreamSinkTask.js';
import { VERSION } from './version.js';

const CONFIG_DEF = new ConfigDef().define({
  name: 'file',
  type: 'STRING',
  defaultValue: null,
  importance: 'HIGH',
  documentation: 'Destination filename. If not specified, the standard output will be used',
});

/** Appends every record's value to a file (or stdout), one line each, as Kafka's FileStreamSink. */
export class FileStreamSinkConnector extends SinkConnector {
  private props: Record<string, string> = {};

  version(): string {
    return VERSION;
  }

  start(props: Record<string, string>): void {
    CONFIG_DEF.parse(props);
    this.props = { ...props };
  }

  taskClass() {
    return FileStreamSinkTask;
  }

  /** Every task gets the whole connector config, as in Kafka. */
  taskConfigs(maxTasks: number): Record<string, string>[] {
    return Array.from({ length: maxTasks }, () => ({ ...this.props }));
  }

  stop(): void {}

  config(): ConfigDef {
    return CONFIG_DEF;
  }
}
