import { hostname } from 'node:os';
import type { Logger } from '../runtime/logger.js';
import { KafkaClients, type Admin } from '../kafka/index.js';
import { withPrefix } from '../runtime/chainFactory.js';

/** The client settings every Kafka client of the worker shares (no producer./consumer. keys). */
export function commonClientProps(workerProps: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(workerProps)) {
    if (k === 'bootstrap.servers' || k === 'client.id' || k.startsWith('security.') || k.startsWith('ssl.') || k.startsWith('sasl.')) out[k] = v;
  }
  return out;
}

export function kafkaClientsFor(workerProps: Record<string, string>, clientId: string, logger: Logger): KafkaClients {
  return new KafkaClients({
    common: commonClientProps(workerProps),
    producer: withPrefix(workerProps, 'producer.'),
    consumer: withPrefix(workerProps, 'consumer.'),
    admin: withPrefix(workerProps, 'admin.'),
    clientId,
    logger,
  });
}

/**
 * Waits until the Kafka cluster answers, saying so in the log while it does not: a worker started
 * before its broker keeps trying instead of dying without a word. Returns the cluster id.
 */
export async function awaitKafka(admin: Admin, bootstrap: string, logger: Logger, signal: { stopped: boolean }): Promise<string> {
  let delay = 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      return cluster.clusterId;
    } catch (err) {
      if (signal.stopped) throw err;
      logger.warn(
        { attempt, bootstrapServers: bootstrap, retryInMs: delay, reason: (err as Error).message },
        `Cannot reach Kafka at bootstrap.servers=${bootstrap}; is the broker running? Retrying`,
      );
      await admin.disconnect().catch(() => {});
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 30000);
    }
  }
}

export function defaultWorkerId(host: string | undefined, port: number): string {
  return `${host && host !== '0.0.0.0' ? host : hostname()}:${port}`;
}
