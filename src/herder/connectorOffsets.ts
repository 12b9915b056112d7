// KIP-875 offsets of one connector, read and written the way Kafka Connect's Worker does, for any
// herder: source offsets in the worker's offset store, sink offsets in the consumer group.
// The caller checks that the connector exists (and, to modify, that it is STOPPED).

import type { SinkConnector, SourceConnector } from '../api/Connector.js';
import { ConnectException } from '../data/errors.js';
import { alterGroupOffsets, deleteGroup, GroupNotEmptyError, listGroupOffsets } from '../kafka/groupOffsets.js';
import type { Admin } from '../kafka/index.js';
import { namedLogger } from '../runtime/logger.js';
import { offsetKey, parseOffsetKey } from '../runtime/offsets.js';
import type { Worker } from '../runtime/Worker.js';
import { BadRequestException } from './Herder.js';
import type { ConnectorOffset, ConnectorOffsets, Message } from './types.js';

const log = namedLogger('kconnect.herder.offsets');

export const KAFKA_TOPIC_KEY = 'kafka_topic';
export const KAFKA_PARTITION_KEY = 'kafka_partition';
export const KAFKA_OFFSET_KEY = 'kafka_offset';

/** The consumer group of a sink connector (SinkUtils.consumerGroupId, unless overridden). */
export function sinkGroupId(name: string, config: Record<string, string>): string {
  return config['consumer.override.group.id'] ?? `connect-${name}`;
}

async function withAdmin<T>(worker: Worker, fn: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = worker.kafka.admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/** Deep equality for the flat JSON maps partitions are. */
function sameMap(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.is(a[k], b[k]));
}

/** The connector's partitions in the offset store: the stored key text and the parsed partition. */
async function sourcePartitions(worker: Worker, name: string, config: Record<string, string>): Promise<Array<{ key: string; partition: Record<string, unknown>; offset: string }>> {
  const out: Array<{ key: string; partition: Record<string, unknown>; offset: string }> = [];
  for (const [key, offset] of await (await worker.offsetStoreFor(config)).entries()) {
    const parsed = parseOffsetKey(key);
    if (parsed?.connector === name && parsed.partition && typeof parsed.partition === 'object') {
      out.push({ key, partition: parsed.partition as Record<string, unknown>, offset });
    }
  }
  return out;
}

export async function connectorOffsets(worker: Worker, name: string, config: Record<string, string>): Promise<ConnectorOffsets> {
  const type = worker.connectorType(config['connector.class'] ?? '');
  if (type === 'source') {
    const offsets: ConnectorOffset[] = [];
    for (const { partition, offset } of await sourcePartitions(worker, name, config)) {
      try {
        offsets.push({ partition, offset: JSON.parse(offset) as Record<string, unknown> });
      } catch {
        log.warn({ connector: name, partition }, 'Ignoring an offset that is not JSON');
      }
    }
    return { offsets };
  }
  try {
    const committed = await withAdmin(worker, (admin) => listGroupOffsets(admin, sinkGroupId(name, config)));
    return {
      offsets: committed.map((o) => ({
        partition: { [KAFKA_TOPIC_KEY]: o.topic, [KAFKA_PARTITION_KEY]: o.partition },
        offset: { [KAFKA_OFFSET_KEY]: o.offset },
      })),
    };
  } catch (err) {
    log.error({ connector: name, err }, 'Failed to retrieve consumer group offsets for sink connector');
    throw new ConnectException(`Failed to retrieve consumer group offsets for sink connector ${name}`, { cause: err });
  }
}

function modifiedMessage(connectorManaged: boolean, reset: boolean): Message {
  const what = reset ? 'reset' : 'altered';
  return connectorManaged
    ? { message: `The offsets for this connector have been ${what} successfully` }
    : {
        message:
          `The Connect framework-managed offsets for this connector have been ${what} successfully. However, if this connector ` +
          `manages offsets externally, they will need to be manually ${what} in the system that the connector uses.`,
      };
}

/** Runs the connector's alterOffsets hook; a connector that rejects the offsets makes it a 400. */
function askConnector<T>(name: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw new BadRequestException(`Failed to modify offsets for connector ${name}: ${(err as Error).message}`);
  }
}

/** OffsetUtils.validateFormat: a flat map with string keys and primitive values. */
function validateOffsetFormat(what: 'partition' | 'offset', data: unknown): void {
  if (data === null || data === undefined) return;
  if (typeof data !== 'object' || Array.isArray(data)) throw new BadRequestException('Offsets must be specified as a Map');
  for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
    if (v !== null && typeof v === 'object') {
      throw new BadRequestException(
        `Offsets may only contain primitive types as values, but field ${k} contains ${Array.isArray(v) ? 'ARRAY' : 'MAP'}` +
          ` (in the ${what} ${JSON.stringify(data)})`,
      );
    }
  }
}

/**
 * Alters (offsets given) or resets (offsets null) the connector's offsets. Resolves with Kafka's
 * `{"message": …}`; throws BadRequestException for offsets in the wrong shape.
 */
export async function modifyConnectorOffsets(
  worker: Worker,
  name: string,
  config: Record<string, string>,
  offsets: ConnectorOffset[] | null,
): Promise<Message> {
  const { type, instance } = worker.newConnector(config['connector.class'] ?? '');
  return type === 'source'
    ? modifySourceOffsets(worker, name, config, instance as SourceConnector, offsets)
    : modifySinkOffsets(worker, name, config, instance as SinkConnector, offsets);
}

async function modifySourceOffsets(
  worker: Worker,
  name: string,
  config: Record<string, string>,
  connector: SourceConnector,
  offsets: ConnectorOffset[] | null,
): Promise<Message> {
  const existing = await sourcePartitions(worker, name, config);
  const reset = offsets === null;
  const toWrite: ConnectorOffset[] = reset ? existing.map((e) => ({ partition: e.partition, offset: null })) : offsets;
  for (const o of toWrite) {
    if (o.partition === null || o.partition === undefined) throw new BadRequestException('The partition for a source connector offset cannot be null or missing');
    validateOffsetFormat('partition', o.partition);
    validateOffsetFormat('offset', o.offset);
  }
  const asMap = new Map(toWrite.map((o) => [o.partition, o.offset] as const));
  const managed = askConnector(name, () => connector.alterOffsets(config, asMap));
  if (toWrite.length === 0) {
    log.info({ connector: name }, 'No offsets found for source connector; a prior reset, or none committed yet');
    return modifiedMessage(managed, reset);
  }
  const entries = new Map<string, string | null>();
  for (const o of toWrite) {
    // Reuse the stored key when the partition is already there, whatever the order of its fields.
    const key = existing.find((e) => sameMap(e.partition, o.partition))?.key ?? offsetKey(name, o.partition);
    entries.set(key, o.offset === null ? null : JSON.stringify(o.offset));
  }
  try {
    await (await worker.offsetStoreFor(config)).set(entries);
  } catch (err) {
    throw new ConnectException(`Failed to modify offsets for source connector ${name}`, { cause: err });
  }
  log.info({ connector: name, partitions: entries.size, reset }, 'Source connector offsets modified over REST');
  return modifiedMessage(managed, reset);
}

/** SinkUtils.parseSinkConnectorOffsets, with Kafka's messages. */
export function parseSinkOffsets(offsets: readonly ConnectorOffset[]): Array<{ topic: string; partition: number; offset: number | null }> {
  return offsets.map(({ partition, offset }) => {
    if (partition === null || partition === undefined) throw new BadRequestException('The partition for a sink connector offset cannot be null or missing');
    if (!(KAFKA_TOPIC_KEY in partition) || !(KAFKA_PARTITION_KEY in partition)) {
      throw new BadRequestException(
        `The partition for a sink connector offset must contain the keys '${KAFKA_TOPIC_KEY}' and '${KAFKA_PARTITION_KEY}'`,
      );
    }
    const topic = partition[KAFKA_TOPIC_KEY];
    const rawPartition = partition[KAFKA_PARTITION_KEY];
    if (topic === null || typeof topic === 'object') throw new BadRequestException('Kafka topic names must be valid strings and may not be null');
    if (rawPartition === null) throw new BadRequestException('Kafka partitions must be valid numbers and may not be null');
    const p = javaParseInt(rawPartition, 2 ** 31 - 1);
    if (p === undefined) {
      throw new BadRequestException(
        `Failed to parse the following Kafka partition value in the provided offsets: '${String(rawPartition)}'. ` +
          'Partition values for sink connectors need to be integers.',
      );
    }
    if (offset === null || offset === undefined) return { topic: String(topic), partition: p, offset: null };
    if (!(KAFKA_OFFSET_KEY in offset)) {
      throw new BadRequestException(`The offset for a sink connector should either be null or contain the key '${KAFKA_OFFSET_KEY}'`);
    }
    const o = javaParseInt(offset[KAFKA_OFFSET_KEY], Number.MAX_SAFE_INTEGER);
    if (o === undefined) {
      throw new BadRequestException(
        `Failed to parse the following Kafka offset value in the provided offsets: '${String(offset[KAFKA_OFFSET_KEY])}'. ` +
          'Offset values for sink connectors need to be integers.',
      );
    }
    return { topic: String(topic), partition: p, offset: o };
  });
}

/** Integer.parseInt / Long.parseLong of String.valueOf(value): "10" and 10 both parse. */
function javaParseInt(value: unknown, max: number): number | undefined {
  const text = String(value);
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) && Math.abs(n) <= max ? n : undefined;
}

async function modifySinkOffsets(
  worker: Worker,
  name: string,
  config: Record<string, string>,
  connector: SinkConnector,
  offsets: ConnectorOffset[] | null,
): Promise<Message> {
  const groupId = sinkGroupId(name, config);
  const reset = offsets === null;
  const parsed = reset ? null : parseSinkOffsets(offsets);
  return withAdmin(worker, async (admin) => {
    let changes = parsed;
    if (!changes) {
      try {
        changes = (await listGroupOffsets(admin, groupId)).map((o) => ({ ...o, offset: null }));
      } catch (err) {
        throw new ConnectException(`Failed to list offsets prior to resetting offsets for sink connector ${name}`, { cause: err });
      }
    }
    const asMap = new Map(changes.map((c) => [`${c.topic}-${c.partition}`, c.offset] as const));
    const managed = askConnector(name, () => connector.alterOffsets(config, asMap));
    const verb = reset ? 'reset' : 'alter';
    try {
      if (reset) await deleteGroup(admin, groupId);
      else await alterGroupOffsets(admin, groupId, changes);
    } catch (err) {
      if (err instanceof GroupNotEmptyError) {
        throw new ConnectException(
          `Failed to ${verb} consumer group offsets for connector ${name} either because its tasks haven't stopped completely yet or ` +
            `the connector was resumed before the request to ${verb} its offsets could be successfully completed. If the connector is ` +
            "in a stopped state, this operation can be safely retried. If it doesn't eventually succeed, the Connect cluster may need " +
            'to be restarted to get rid of the zombie sink tasks.',
          { cause: err },
        );
      }
      throw new ConnectException(`Failed to ${verb} consumer group offsets for ${reset ? 'sink connector' : 'connector'} ${name}`, { cause: err });
    }
    log.info({ connector: name, groupId, partitions: changes.length, reset }, 'Sink connector offsets modified over REST');
    return modifiedMessage(managed, reset);
  });
}
