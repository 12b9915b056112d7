import { ConfigDef, Validators, SourceConnector, type ConfigValue } from 'kconnect';
import { FileStreamSourceTask } from './FileStreamSourceTask.js';
import { VERSION } from './version.js';

export const FILE_CONFIG = 'file';
export const TOPIC_CONFIG = 'topic';
export const TASK_BATCH_SIZE_CONFIG = 'batch.size';
export const DEFAULT_TASK_BATCH_SIZE = 2000;

const CONFIG_DEF = new ConfigDef()
  .define({ name: FILE_CONFIG, type: 'STRING', defaultValue: null, importance: 'HIGH', documentation: 'Source filename. If not specified, the standard input will be used' })
  .define({ name: TOPIC_CONFIG, type: 'STRING', validator: Validators.nonEmptyString(), importance: 'HIGH', documentation: 'The topic to publish data to' })
  .define({
    name: TASK_BATCH_SIZE_CONFIG,
    type: 'INT',
    defaultValue: DEFAULT_TASK_BATCH_SIZE,
    validator: Validators.atLeast(1),
    importance: 'LOW',
    documentation: 'The maximum number of records the source task can read from the file each time it is polled',
  });

/** Reads lines from a file (or stdin) into one topic; one task, as in Kafka's FileStreamSource. */
export class FileStreamSourceConnector extends SourceConnector {
  private props: Record<string, string> = {};

  version(): string {
    return VERSION;
  }

  start(props: Record<string, string>): void {
    CONFIG_DEF.parse(props);
    this.props = { ...props };
  }

  taskClass() {
    return FileStreamSourceTask;
  }

  /** The whole connector config, as Kafka's; one task only: extra tasks would read the same lines twice. */
  taskConfigs(_maxTasks: number): Record<string, string>[] {
    return [{ ...this.props }];
  }

  stop(): void {}

  /**
   * KIP-618, as Kafka's FileStreamSourceConnector: a file can be re-read from a committed position,
   * standard input cannot.
   */
  override exactlyOnceSupport(props: Record<string, string>): 'SUPPORTED' | 'UNSUPPORTED' {
    return (props[FILE_CONFIG] ?? '').trim() !== '' ? 'SUPPORTED' : 'UNSUPPORTED';
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  override validate(props: Record<string, string>): ConfigValue[] {
    return CONFIG_DEF.validate(props);
  }

  /** KIP-875: offsets must look like {filename} → {position: non-negative integer}. */
  override alterOffsets(_props: Record<string, string>, offsets: Map<Record<string, unknown>, Record<string, unknown> | null>): boolean {
    for (const [partition, offset] of offsets) {
      if (typeof partition['filename'] !== 'string') throw new Error('The partition of a FileStreamSource offset must be {"filename": "<path>"}');
      if (offset === null) continue;
      const p = offset['position'];
      if (typeof p !== 'number' || !Number.isInteger(p) || p < 0) {
        throw new Error('The offset of a FileStreamSource must be {"position": <non-negative integer>}');
      }
    }
    return true;
  }
}
