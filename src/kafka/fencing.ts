// KIP-618 zombie fencing with kafkajs. kafkajs has no FenceProducers request (Java's
// Admin.fenceProducers); initialising a transactional id does the same: the broker bumps the id's
// epoch, aborts whatever transaction the older producer left open, and refuses that producer from
// then on (INVALID_PRODUCER_EPOCH, or PRODUCER_FENCED on newer protocol versions).

import type { KafkaClients } from './KafkaClients.js';

/** True when `err` (or a cause of it) says this producer was fenced by a newer one with its transactional id. */
export function isProducerFenced(err: unknown): boolean {
  for (let e = err as { type?: string; code?: number; message?: string; cause?: unknown; originalError?: unknown } | undefined, depth = 0; e && depth < 10; depth++) {
    if (e.type === 'INVALID_PRODUCER_EPOCH' || e.type === 'PRODUCER_FENCED' || e.code === 47 || e.code === 90) return true;
    if (typeof e.message === 'string' && /producer.*(fenced|epoch)/i.test(e.message)) return true;
    e = (e.cause ?? e.originalError) as typeof e;
  }
  return false;
}

/**
 * True when ending a transaction failed because another operation on its transactional id is under
 * way (CONCURRENT_TRANSACTIONS on EndTxn). The transaction's own sends were acknowledged before its
 * EndTxn, so the other operation is a newer producer initialising the same id: a fencing in
 * progress. Java's producer retries EndTxn and then sees the fence; kafkajs cannot send EndTxn
 * twice for one transaction, so the answer is read as the fence it announces.
 */
export function isFencingUnderWay(err: unknown): boolean {
  const e = err as { type?: string; code?: number } | undefined;
  return e?.type === 'CONCURRENT_TRANSACTIONS' || e?.code === 51;
}

/** Fences every producer that used one of `ids`; resolves once each id has a new epoch. */
export async function fenceTransactionalIds(kafka: KafkaClients, ids: readonly string[], clientId: string): Promise<void> {
  await Promise.all(
    ids.map(async (id) => {
      const producer = kafka.transactionalProducer(id, clientId);
      await producer.connect();
      try {
        // transaction() runs InitProducerId for the id (the fencing); an empty transaction ends client-side.
        const tx = await producer.transaction();
        await tx.abort();
      } finally {
        await producer.disconnect().catch(() => {});
      }
    }),
  );
}
