/**
 * kafkajs's consumer Batch (consumer/batch.js: the messages of one partition of one fetch, as
 * eachBatch sees them), replaced by ./kafkajsInstall.ts. Same fields, same methods, same results.
 *
 * kafkajs drops the messages before the fetched offset by parsing every message's offset string
 * into a BigInt Long to compare it; after the record decoding, that was the largest cost per
 * record left on the consuming side. Here an offset made of decimal digits, as every decoder of
 * kafkajs writes it, is read as a number when it is a safe integer and compared as one; any other
 * offset, and every other computation, goes through kafkajs's Long and its own filter of aborted
 * transactions, as in kafkajs.
 */
import { kafkajsInternal } from './kafkajsInternals.js';

interface Long {
  value: bigint;
  gte(other: unknown): boolean;
  add(other: unknown): Long;
  multiply(other: unknown): Long;
  toString(): string;
}
interface LongStatic {
  fromValue(v: unknown): Long;
}
interface Message {
  offset: string;
  isControlRecord?: boolean;
}
type FilterAborted = (args: { messages: Message[]; abortedTransactions: unknown }) => Message[];

const kafkajsLong = kafkajsInternal<LongStatic>('utils/long.js');
const kafkajsFilterAborted = kafkajsInternal<FilterAborted>('consumer/filterAbortedMessages.js');

/** The integer a string of decimal digits (with an optional '-') spells, if safe; else NaN. */
function decimal(s: unknown): number {
  if (typeof s !== 'string') return NaN;
  const length = s.length;
  let i = s.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  if (i === length || length - i > 15) return NaN; // 15 digits are always safe
  let n = 0;
  for (; i < length; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return s.charCodeAt(0) === 45 ? -n : n;
}

export class Batch {
  declare fetchedOffset: string;
  declare topic: string;
  declare partition: number;
  declare highWatermark: string;
  declare rawMessages: Message[];
  declare messagesWithinOffset: Message[];
  declare messages: Message[];

  constructor(topic: string, fetchedOffset: string, partitionData: { partition: number; highWatermark: string; abortedTransactions: unknown; messages: Message[] }) {
    const Long = kafkajsLong();
    this.fetchedOffset = fetchedOffset;
    const longFetchedOffset = Long.fromValue(this.fetchedOffset);
    const { abortedTransactions, messages } = partitionData;

    this.topic = topic;
    this.partition = partitionData.partition;
    this.highWatermark = partitionData.highWatermark;

    this.rawMessages = messages;
    // As kafkajs: a fetch can return messages before the offset asked for; they are dropped.
    const fetched = Number(longFetchedOffset.value);
    const fetchedIsSafe = Number.isSafeInteger(fetched);
    this.messagesWithinOffset = this.rawMessages.filter((message) => {
      const offset = fetchedIsSafe ? decimal(message.offset) : NaN;
      return offset === offset ? offset >= fetched : Long.fromValue(message.offset).gte(longFetchedOffset);
    });

    // As kafkajs: neither aborted messages nor control records reach eachBatch.
    this.messages = kafkajsFilterAborted()({
      messages: this.messagesWithinOffset,
      abortedTransactions,
    }).filter((message) => !message.isControlRecord);
  }

  isEmpty(): boolean {
    return this.messages.length === 0;
  }

  isEmptyIncludingFiltered(): boolean {
    return this.messagesWithinOffset.length === 0;
  }

  /** Messages came, but all were filtered out (log compaction, control records, aborted transactions). */
  isEmptyDueToFiltering(): boolean {
    return this.isEmpty() && this.rawMessages.length > 0;
  }

  isEmptyControlRecord(): boolean {
    return this.isEmpty() && this.messagesWithinOffset.some(({ isControlRecord }) => isControlRecord);
  }

  /** Messages came, but none at or after the fetched offset (compressed, compacted batches). */
  isEmptyDueToLogCompactedMessages(): boolean {
    const hasMessages = this.rawMessages.length > 0;
    return hasMessages && this.isEmptyIncludingFiltered();
  }

  firstOffset(): string | null {
    return this.isEmptyIncludingFiltered() ? null : this.messagesWithinOffset[0]!.offset;
  }

  lastOffset(): string {
    const Long = kafkajsLong();
    if (this.isEmptyDueToLogCompactedMessages()) return this.fetchedOffset;
    if (this.isEmptyIncludingFiltered()) return Long.fromValue(this.highWatermark).add(-1).toString();
    return this.messagesWithinOffset[this.messagesWithinOffset.length - 1]!.offset;
  }

  /** The lag from the batch's last offset (its "high"). */
  offsetLag(): string {
    const Long = kafkajsLong();
    const lastOffsetOfPartition = Long.fromValue(this.highWatermark).add(-1);
    const lastConsumedOffset = Long.fromValue(this.lastOffset());
    return lastOffsetOfPartition.add(lastConsumedOffset.multiply(-1)).toString();
  }

  /** The lag from the batch's first offset. */
  offsetLagLow(): string {
    const Long = kafkajsLong();
    if (this.isEmptyIncludingFiltered()) return '0';
    const lastOffsetOfPartition = Long.fromValue(this.highWatermark).add(-1);
    const firstConsumedOffset = Long.fromValue(this.firstOffset());
    return lastOffsetOfPartition.add(firstConsumedOffset.multiply(-1)).toString();
  }
}
