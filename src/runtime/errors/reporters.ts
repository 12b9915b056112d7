// What happens to a record that failed: it is logged (errors.log.enable) and/or written to the
// dead-letter queue. Kafka's ErrorReporter, LogReporter.Sink and LogReporter.Source.

import type { SourceRecord } from '../../data/SourceRecord.js';
import type { ConsumedRecord, Stage } from '../errorHandling.js';
import type { Logger } from '../logger.js';
import type { ConnectorTaskId } from '../status.js';

/** One failed record, as the reporters see it. */
export interface ReportedFailure {
  /** The failure itself: for a transformation, the transform's own exception (not our wrapper). */
  readonly error: unknown;
  readonly stage: Stage;
  /** The full class name of what failed (a converter, a transformation, the task). */
  readonly executingClass: string;
  /** The transformation's alias when stage is TRANSFORMATION. */
  readonly transform?: string;
  /** A sink's record, as consumed. */
  readonly consumed?: ConsumedRecord;
  /** A source's record, as the task produced it. */
  readonly sourceRecord?: SourceRecord;
  /** True when the record is skipped (errors.tolerance=all); false when the task fails on it. */
  readonly tolerated: boolean;
}

export interface ErrorReporter {
  /** Called once before the task starts (creates the DLQ topic). */
  start?(): Promise<void>;
  /** Synchronous work only; returns the acknowledgement when the report is written asynchronously. */
  report(failure: ReportedFailure): Promise<void> | undefined;
  /** Resolves when every report so far is acknowledged; rejects if one was lost. */
  flush?(): Promise<void>;
  /** Resolves when the reporter can take more (back-pressure); undefined when it can now. */
  writable?(): Promise<void> | undefined;
  close(): Promise<void>;
}

export type LogMode =
  /** errors.log.enable=true: one ERROR line per failed record, with the exception. */
  | 'errors'
  /** No error log and no DLQ but errors.tolerance=all: one WARN line per skipped record, so none is skipped silently. */
  | 'skipped';

/** Kafka's LogReporter: same wording, plus structured fields (stage, class, topic, partition, offset). */
export class LogReporter implements ErrorReporter {
  private readonly taskName: string;

  constructor(
    id: ConnectorTaskId,
    private readonly logger: Logger,
    private readonly mode: LogMode,
    private readonly includeMessages: boolean,
  ) {
    this.taskName = `${id.connector}-${id.task}`;
  }

  report(f: ReportedFailure): undefined {
    if (this.mode === 'skipped' && !f.tolerated) return undefined;
    const fields: Record<string, unknown> = { stage: f.stage, class: f.executingClass, ...coordinates(f) };
    if (f.transform !== undefined) fields['transform'] = f.transform;
    if (this.includeMessages && f.consumed) fields['record'] = consumedForLog(f.consumed);
    let text = `Executing stage '${f.stage}' with class '${f.executingClass}'`;
    if (this.includeMessages) text += whereClause(f);
    if (this.mode === 'errors') {
      this.logger.error({ ...fields, err: f.error }, `Error encountered in task ${this.taskName}. ${text}.`);
    } else {
      fields['error'] = errorLine(f.error);
      this.logger.warn(fields, `Skipped a record that failed in task ${this.taskName} (errors.tolerance=all). ${text}. ` +
        'Set errors.log.enable=true or errors.deadletterqueue.topic.name to keep the details');
    }
    return undefined;
  }

  async close(): Promise<void> {}
}

function coordinates(f: ReportedFailure): Record<string, unknown> {
  if (f.consumed) return { topic: f.consumed.topic, partition: f.consumed.partition, offset: f.consumed.offset };
  const r = f.sourceRecord;
  if (!r) return {};
  const out: Record<string, unknown> = { topic: r.topic };
  if (r.kafkaPartition !== null) out['partition'] = r.kafkaPartition;
  if (r.sourcePartition) out['sourcePartition'] = r.sourcePartition;
  if (r.sourceOffset) out['sourceOffset'] = r.sourceOffset;
  return out;
}

function whereClause(f: ReportedFailure): string {
  const c = f.consumed;
  if (c) {
    let s = `, where consumed record is {topic='${c.topic}', partition=${c.partition}, offset=${c.offset}`;
    if (c.timestamp !== null && c.timestamp >= 0) s += `, timestamp=${c.timestamp}, timestampType=${c.timestampType ?? 'CreateTime'}`;
    return `${s}}`;
  }
  return f.sourceRecord ? `, where source record is = ${f.sourceRecord.toString()}` : '';
}

function errorLine(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes as text when they are UTF-8, else as base64 (marked), for a log line. */
export function bytesForLog(b: Buffer | null): string | { base64: string } | null {
  if (b === null) return null;
  try {
    return utf8.decode(b);
  } catch {
    return { base64: b.toString('base64') };
  }
}

function consumedForLog(c: ConsumedRecord): Record<string, unknown> {
  return {
    key: bytesForLog(c.key),
    value: bytesForLog(c.value),
    headers: c.headers.map(([k, v]) => ({ key: k, value: bytesForLog(v) })),
  };
}
