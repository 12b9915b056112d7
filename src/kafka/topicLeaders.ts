import type { Admin } from './kafkajs.js';

/**
 * Waits until every partition of the topic has a leader that answers. A new topic takes a moment:
 * a busy broker answers UNKNOWN_TOPIC_OR_PARTITION meanwhile, and its metadata can name a leader
 * before that leader serves the partition (NOT_LEADER_OR_FOLLOWER to a ListOffsets). kafkajs's own
 * `waitForLeaders` gives up on the first answer and ignores the second, so every topic kconnect
 * creates is waited for here instead: metadata first, then a ListOffsets to every leader.
 * Returns the partition count.
 */
export async function waitForLeaders(admin: Admin, topic: string, timeoutMs = 60000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 100; ; delay = Math.min(delay * 2, 1000)) {
    let reason = 'no partitions yet';
    try {
      const meta = await admin.fetchTopicMetadata({ topics: [topic] });
      const partitions = meta.topics[0]?.partitions ?? [];
      if (partitions.length > 0 && partitions.every((p) => p.leader >= 0)) {
        reason = 'a leader does not serve its partition yet';
        const offsets = await admin.fetchTopicOffsets(topic);
        if (offsets.length === partitions.length) return partitions.length;
      }
    } catch (err) {
      reason = (err as Error).message;
    }
    if (Date.now() > deadline) throw new TopicLeadersTimeout(`Topic '${topic}' has no leader for every partition after ${timeoutMs} ms: ${reason}`);
    await new Promise((r) => setTimeout(r, delay));
  }
}

export class TopicLeadersTimeout extends Error {
  override name = 'TopicLeadersTimeout';
}
