import { ConfigDef, Validators, SourceConnector } from 'kconnect';
import { VerifiableSourceTask } from './VerifiableSourceTask.js';
import { VERSION } from './version.js';

export const TOPIC_CONFIG = 'topic';
export const THROUGHPUT_CONFIG = 'throughput';
export const MAX_MESSAGES_CONFIG = 'max.messages';
export const BATCH_SIZE_CONFIG = 'batch.size';
export const ID_CONFIG = 'id';

export const SOURCE_CONFIG_DEF = new ConfigDef()
  .define({ name: TOPIC_CONFIG, type: 'STRING', importance: 'HIGH', documentation: 'The topic to write the sequence numbers to' })
  .define({
    name: THROUGHPUT_CONFIG,
    type: 'LONG',
    defaultValue: -1,
    importance: 'HIGH',
    documentation: 'Records per second each task produces; -1 for as fast as possible',
  })
  .define({
    name: MAX_MESSAGES_CONFIG,
    type: 'LONG',
    defaultValue: -1,
    importance: 'MEDIUM',
    documentation: 'Sequence numbers each task produces in all (0 … max.messages-1), across restarts; -1 for no end',
  })
  .define({
    name: BATCH_SIZE_CONFIG,
    type: 'INT',
    defaultValue: 1000,
    validator: Validators.atLeast(1),
    importance: 'LOW',
    documentation: 'Records returned by one poll() at most',
  });

/**
 * Kafka's VerifiableSourceConnector for system tests: each task emits its own sequence numbers
 * 0, 1, 2, … (key: the task id as INT32, value: the sequence number as INT64) at a set rate, with
 * source partition `{"id": <task>}` and offset `{"seqno": <n>}`, so a restarted or moved task
 * continues after the last committed number. Tests then check every number arrived.
 */
export class VerifiableSourceConnector extends SourceConnector {
  private props: Record<string, string> = {};

  version(): string {
    return VERSION;
  }

  start(props: Record<string, string>): void {
    SOURCE_CONFIG_DEF.parse(props);
    this.props = { ...props };
  }

  taskClass() {
    return VerifiableSourceTask;
  }

  taskConfigs(maxTasks: number): Record<string, string>[] {
    return Array.from({ length: maxTasks }, (_, i) => ({ ...this.props, [ID_CONFIG]: String(i) }));
  }

  stop(): void {}

  /** KIP-618: a task resumes right after the last seqno its committed offsets name, so exactly once holds. */
  override exactlyOnceSupport(_props: Record<string, string>): 'SUPPORTED' {
    return 'SUPPORTED';
  }

  config(): ConfigDef {
    return SOURCE_CONFIG_DEF;
  }
}
