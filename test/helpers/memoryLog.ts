// The internal-topic stores (config, offsets, status) without a broker: their KafkaBasedLog is
// replaced by an in-memory one, so unit tests see exactly what a store sends and what it reads back.

import type { LogMessage, LogRecord } from '../../src/kafka/KafkaBasedLog.js';

const quiet = { error() {}, warn() {}, info() {}, debug() {} };
/** Client settings for a store that never connects (its log is replaced before use). */
export const unusedClients = { common: { 'bootstrap.servers': '127.0.0.1:1' }, logger: quiet };

/** The store's log replaced by an in-memory one: what is sent is read back in order; `feed` adds a record as if another worker wrote it. */
export function fakeLog(store: object): { sent: LogMessage[]; feed(key: string, value: unknown): void } {
  const internals = store as { log: unknown; apply?: (r: LogRecord) => void; read?: (r: LogRecord) => void };
  const onRecord = (internals.apply ?? internals.read)!.bind(store);
  let offset = 0;
  const feed = (key: string, value: unknown) =>
    onRecord({
      key,
      value: value === null ? null : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
      partition: 0,
      offset: offset++,
      timestamp: 0,
      headers: {},
    });
  const sent: LogMessage[] = [];
  internals.log = {
    async send(messages: LogMessage[]) {
      sent.push(...messages);
      for (const m of messages) feed(m.key!, m.value === null ? null : String(m.value));
    },
    async readToEnd() {},
    async stop() {},
  };
  return { sent, feed };
}
