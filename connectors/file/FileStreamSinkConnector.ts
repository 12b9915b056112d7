import { ConfigDef } from '../../src/api/ConfigDef.js';
import { SinkConnector } from '../../src/api/Connector.js';
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

  taskConfigs(maxTasks: number): Record<string, string>[] {
    const config: Record<string, string> = {};
    if (this.props['file']) config['file'] = this.props['file'];
    return Array.from({ length: maxTasks }, () => ({ ...config }));
  }

  stop(): void {}

  config(): ConfigDef {
    return CONFIG_DEF;
  }
}
