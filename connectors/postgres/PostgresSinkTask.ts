// The sink task: each put() is one transaction (SinkWriter). A lost connection is retried (up to
// max.retries times in a row, retry.backoff.ms apart) by throwing RetriableException, so the runtime
// redelivers the batch; with insert.mode upsert a redelivered batch leaves the table as it was.

import type pg from 'pg';
import {
  SinkTask, type ErrantRecordReporter, type SinkRecord, ConnectException, RetriableException,
} from 'kconnect';
import { parseSinkConfig, type SinkConfig } from './config.js';
import { closeQuietly, connect, errorMessage, isConnectionError } from './connection.js';
import { log } from './log.js';
import { SinkWriter } from './SinkWriter.js';
import { VERSION } from './version.js';

export class PostgresSinkTask extends SinkTask {
  private config!: SinkConfig;
  private writer!: SinkWriter;
  private client: pg.Client | undefined;
  private reporter: ErrantRecordReporter | undefined;
  private remainingRetries = 0;
  private stopped = false;

  version(): string {
    return VERSION;
  }

  start(props: Record<string, string>): void {
    this.stopped = false;
    this.config = parseSinkConfig(props);
    this.writer = new SinkWriter(this.config, props['name'] ?? 'postgres-sink');
    this.remainingRetries = this.config.maxRetries;
    try {
      this.reporter = this.context.errantRecordReporter();
    } catch {
      this.reporter = undefined;
    }
  }

  async put(records: SinkRecord[]): Promise<void> {
    if (records.length === 0) return;
    try {
      this.client ??= await connect(this.config.connection, () => this.stopped);
      await this.writer.write(this.client, records, this.reporter);
    } catch (e) {
      if (!isConnectionError(e)) throw e;
      const client = this.client;
      this.client = undefined;
      this.writer.invalidate();
      await closeQuietly(client);
      if (this.remainingRetries <= 0) {
        throw new ConnectException(`Write of ${records.length} records failed after ${this.config.maxRetries} retries: ${errorMessage(e)}`, { cause: e });
      }
      this.remainingRetries--;
      log.warn({ err: errorMessage(e), remainingRetries: this.remainingRetries }, 'PostgreSQL sink: write failed; the batch will be redelivered');
      this.context.timeout(this.config.retryBackoffMs);
      throw new RetriableException(`Write of ${records.length} records failed: ${errorMessage(e)}`, { cause: e });
    }
    this.remainingRetries = this.config.maxRetries;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    this.client = undefined;
    await closeQuietly(client);
  }
}
