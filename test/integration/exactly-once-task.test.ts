// One exactly-once source task in this process against a real broker (KIP-618): connector-defined
// transaction boundaries (commit after a record, abort a batch: its records vanish, its offsets
// still commit), and a task whose transactional id is fenced fails and commits nothing more.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SourceConnector, SourceTask, SourceRecord, Schema, ConfigDef, type TransactionContext } from '../../src/api/index.js';
import { connectorSpec } from '../../src/config/connectorSpec.js';
import { KafkaClients, fenceTransactionalIds } from '../../src/kafka/index.js';
import { builtinRegistry } from '../../src/plugins/builtins.js';
import { createTask } from '../../src/runtime/taskFactory.js';
import type { State } from '../../src/runtime/status.js';
import type { WorkerTask } from '../../src/runtime/WorkerTask.js';
import { offsetKey } from '../../src/runtime/offsets.js';
import { bootstrapServers, consumeAll, uniqueTopic } from '../helpers/kafka.js';
import { eventually } from '../helpers/worker.js';

const quiet = { error() {}, warn() {}, info() {}, debug() {} };
const BATCH = 10;

/**
 * Emits n = 0, 1, 2, … in batches of ten (offset {n}), up to `max.n` (-1: no end). With a
 * transaction context: commits right after every record whose n ends in 4, and aborts the batch
 * of 20..29.
 */
class BoundaryTask extends SourceTask {
  private n = 0;
  private max = 40;
  private topic = '';
  private tx: TransactionContext | null = null;
  version(): string {
    return '1';
  }
  async start(props: Record<string, string>): Promise<void> {
    this.topic = props['topic']!;
    this.max = Number(props['max.n'] ?? 40);
    this.tx = this.context.transactionContext?.() ?? null;
    const last = await this.context.offsetStorageReader().offset({ p: 0 });
    this.n = typeof last?.['n'] === 'number' ? last['n'] + 1 : 0;
  }
  async poll(): Promise<SourceRecord[] | null> {
    if (this.max >= 0 && this.n >= this.max) {
      await new Promise((r) => setTimeout(r, 50));
      return null;
    }
    const batch: SourceRecord[] = [];
    const first = this.n;
    for (let i = 0; i < BATCH; i++) {
      const n = this.n++;
      const r = new SourceRecord({ sourcePartition: { p: 0 }, sourceOffset: { n }, topic: this.topic, valueSchema: Schema.INT64_SCHEMA, value: n });
      batch.push(r);
      if (n % 10 === 4) this.tx?.commitTransaction(r);
    }
    if (first === 20) this.tx?.abortTransaction();
    await new Promise((r) => setTimeout(r, 5));
    return batch;
  }
  stop(): void {}
}

class BoundaryConnector extends SourceConnector {
  private props: Record<string, string> = {};
  version(): string {
    return '1';
  }
  start(props: Record<string, string>): void {
    this.props = props;
  }
  taskClass() {
    return BoundaryTask;
  }
  taskConfigs(): Record<string, string>[] {
    return [this.props];
  }
  stop(): void {}
  config(): ConfigDef {
    return new ConfigDef();
  }
  override exactlyOnceSupport(): 'SUPPORTED' {
    return 'SUPPORTED';
  }
  override canDefineTransactionBoundaries(): 'SUPPORTED' {
    return 'SUPPORTED';
  }
}

const tasks: WorkerTask[] = [];
after(async () => {
  await Promise.all(tasks.map((t) => t.stop().catch(() => {})));
});

async function startTask(opts: { topic: string; offsetsTopic: string; txId: string; boundary: 'poll' | 'connector'; maxN: number }) {
  const plugins = builtinRegistry();
  plugins.register({ type: 'source', className: 'test.BoundaryConnector', version: '1', impl: BoundaryConnector }, 'builtin');
  const kafka = new KafkaClients({ common: { 'bootstrap.servers': bootstrapServers() }, clientId: 'eos-task-test', logger: quiet });
  const states: Array<{ state: State; trace?: string }> = [];
  const props = {
    name: 'boundary',
    'connector.class': 'test.BoundaryConnector',
    'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    topic: opts.topic,
    'max.n': String(opts.maxN),
  };
  const offsets = new Map<string, string | null>();
  const task = await createTask(
    {
      id: { connector: 'boundary', task: 0 },
      connector: connectorSpec(props, 'source'),
      taskProps: props,
      workerProps: { 'bootstrap.servers': bootstrapServers() },
      offsetFlushIntervalMs: 60000,
      exactlyOnce: { transactionalId: opts.txId, offsetsTopic: opts.offsetsTopic, boundary: opts.boundary, intervalMs: 60000 },
    },
    { plugins, kafka },
    {
      onStatus: (_id, e) => states.push(e),
      onTopic: () => {},
      readOffsets: async (keys) => new Map(keys.map((k) => [k, offsets.get(k) ?? null])),
      writeOffsets: async () => {
        throw new Error('an exactly-once task writes its offsets in its transactions, never through the store');
      },
    },
  );
  tasks.push(task);
  await task.start();
  return { task, states };
}

/** The committed value of the task's one offset key, read_committed. */
async function committedOffset(offsetsTopic: string): Promise<number | undefined> {
  const records = await consumeAll(offsetsTopic, { timeoutMs: 30000 });
  const key = offsetKey('boundary', { p: 0 });
  const last = records.filter((r) => r.key?.toString() === key).at(-1);
  return last?.value ? (JSON.parse(last.value.toString()) as { n: number }).n : undefined;
}

describe('an exactly-once source task (KIP-618)', { timeout: 120_000 }, () => {
  test('transaction.boundary=connector: commits where the task says; an aborted batch vanishes but its offsets commit', async () => {
    const topic = uniqueTopic('eos-boundary');
    const offsetsTopic = uniqueTopic('eos-boundary-offsets');
    const { task, states } = await startTask({ topic, offsetsTopic, txId: `${topic}-0`, boundary: 'connector', maxN: 40 });
    assert.equal(states.at(-1)?.state, 'RUNNING', JSON.stringify(states));
    // Every record whose n ends in 4 closes a transaction: 34 is the last committed one.
    const values = await eventually(
      async () => {
        const off = await committedOffset(offsetsTopic).catch(() => undefined);
        return off === 34 ? (await consumeAll(topic)).map((r) => Number(r.value!.toString())) : undefined;
      },
      60000,
      'the transaction ending at n=34 committed',
    );
    // 20..24 were committed (their own transaction ended at 24) before the batch 20..29 was aborted: 25..29 vanish.
    const expected = [...Array(35).keys()].filter((n) => n < 25 || n >= 30);
    assert.deepEqual([...values!].sort((a, b) => a - b), expected);
    await task.stop();
    // Stopping with a connector-defined boundary commits nothing the connector did not ask for.
    assert.equal(await committedOffset(offsetsTopic), 34);
    assert.deepEqual((await consumeAll(topic)).map((r) => Number(r.value!.toString())).sort((a, b) => a - b), expected);
  });

  test('a task whose transactional id is fenced fails cleanly and commits nothing afterwards', async () => {
    const topic = uniqueTopic('eos-fenced');
    const offsetsTopic = uniqueTopic('eos-fenced-offsets');
    const txId = `${topic}-0`;
    const { task, states } = await startTask({ topic, offsetsTopic, txId, boundary: 'poll', maxN: -1 });
    await eventually(async () => ((await committedOffset(offsetsTopic).catch(() => undefined)) ?? -1) >= 50, 60000, 'the task committing');
    const kafka = new KafkaClients({ common: { 'bootstrap.servers': bootstrapServers() }, clientId: 'eos-fencer', logger: quiet });
    await fenceTransactionalIds(kafka, [txId], 'eos-fencer');
    await eventually(() => states.some((s) => s.state === 'FAILED'), 60000, 'the fenced task FAILED');
    const failed = states.find((s) => s.state === 'FAILED')!;
    assert.match(failed.trace ?? '', /ProducerFencedError: The producer with transactional id .* was fenced out by a newer one/);
    const records = await consumeAll(topic);
    const offset = await committedOffset(offsetsTopic);
    await task.stop();
    // Nothing committed after the failure: the topic and the offsets are where they were, and agree.
    assert.equal((await consumeAll(topic)).length, records.length);
    assert.equal(await committedOffset(offsetsTopic), offset);
    assert.equal(Math.max(...records.map((r) => Number(r.value!.toString()))), offset);
    assert.equal(new Set(records.map((r) => r.value!.toString())).size, records.length, 'no duplicates');
  });
});
