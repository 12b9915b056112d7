import type { ConfigDef } from './ConfigDef.js';
import type { ConfigValue } from './ConfigDef.js';
import type { SourceTaskClass, SinkTaskClass } from './tasks.js';

/** What a connector may ask of the runtime. */
export interface ConnectorContext {
  /** Ask the runtime to call taskConfigs() again, e.g. because the source found new tables. */
  requestTaskReconfiguration(): void;
  /** Fail the connector with this error: its status becomes FAILED with the trace. */
  raiseError(error: Error): void;
}

/**
 * Connector lifecycle, as in Kafka Connect: initialize → start(props) → taskConfigs(max)… → stop().
 * start/stop may be async; the runtime awaits them.
 */
export abstract class Connector {
  protected context!: ConnectorContext;

  initialize(context: ConnectorContext): void {
    this.context = context;
  }

  abstract version(): string;
  abstract start(props: Record<string, string>): void | Promise<void>;
  abstract taskClass(): SourceTaskClass | SinkTaskClass;
  abstract taskConfigs(maxTasks: number): Record<string, string>[] | Promise<Record<string, string>[]>;
  abstract stop(): void | Promise<void>;
  abstract config(): ConfigDef;

  /** Validates the connector's own keys; override for checks across keys. */
  validate(props: Record<string, string>): ConfigValue[] {
    return this.config().validate(props);
  }
}

/** KIP-618: whether a source connector can run exactly once with a given config (null: it does not say). */
export type ExactlyOnceSupport = 'SUPPORTED' | 'UNSUPPORTED';
/** KIP-618: whether a source connector's tasks can define transaction boundaries (`transaction.boundary=connector`). */
export type ConnectorTransactionBoundaries = 'SUPPORTED' | 'UNSUPPORTED';

export abstract class SourceConnector extends Connector {
  abstract override taskClass(): SourceTaskClass;

  /**
   * KIP-618: may this connector, with this config, run with exactly-once delivery? Return
   * 'SUPPORTED' when its tasks' source offsets let it resume exactly where the last committed
   * transaction ended. `exactly.once.support=required` refuses to create the connector unless this
   * says 'SUPPORTED'; null (the default) means the connector does not say.
   */
  exactlyOnceSupport(_props: Record<string, string>): ExactlyOnceSupport | null {
    return null;
  }

  /** KIP-618: may `transaction.boundary=connector` be used (the tasks then use SourceTaskContext.transactionContext())? */
  canDefineTransactionBoundaries(_props: Record<string, string>): ConnectorTransactionBoundaries {
    return 'UNSUPPORTED';
  }

  /** KIP-875: a source connector may accept or reject offsets written over REST. */
  alterOffsets(_props: Record<string, string>, _offsets: Map<Record<string, unknown>, Record<string, unknown> | null>): boolean {
    return false;
  }
}

export abstract class SinkConnector extends Connector {
  static readonly TOPICS_CONFIG = 'topics';
  abstract override taskClass(): SinkTaskClass;
  alterOffsets(_props: Record<string, string>, _offsets: Map<string, number | null>): boolean {
    return true;
  }
}
