import { hostname } from 'node:os';
import { rootLogger } from '../runtime/logger.js';
import { loadWorkerConfig, workerClientProps, type WorkerConfig } from '../config/workerConfig.js';
import { DistributedHerder, type DistributedConfig } from '../herder/DistributedHerder.js';
import { validateRequestSigning, type RequestSigningConfig } from '../herder/sessionKey.js';
import { RestServer } from '../rest/server.js';
import { advertisedUrl, parseListeners } from '../rest/listeners.js';
import { kafkaClusterId, startRestOrExit, workerKafkaClients, handleSignals, loadPluginsOrExit, taskThreadsFor } from './bootstrap.js';
import { VERSION, COMMIT } from './version.js';

const log = rootLogger.child({ logger: 'kconnect.cli' });

const USAGE = 'Usage: connect-distributed worker.properties';

function distributedConfig(wc: WorkerConfig): DistributedConfig {
  const num = (key: string) => Number(wc.get(key));
  return {
    groupId: String(wc.get('group.id')),
    configTopic: String(wc.get('config.storage.topic')),
    offsetTopic: String(wc.get('offset.storage.topic')),
    statusTopic: String(wc.get('status.storage.topic')),
    configReplicationFactor: num('config.storage.replication.factor'),
    offsetPartitions: num('offset.storage.partitions'),
    offsetReplicationFactor: num('offset.storage.replication.factor'),
    statusPartitions: num('status.storage.partitions'),
    statusReplicationFactor: num('status.storage.replication.factor'),
    sessionTimeoutMs: num('session.timeout.ms'),
    heartbeatIntervalMs: num('heartbeat.interval.ms'),
    rebalanceTimeoutMs: num('rebalance.timeout.ms'),
    scheduledRebalanceMaxDelayMs: num('scheduled.rebalance.max.delay.ms'),
    workerSyncTimeoutMs: num('worker.sync.timeout.ms'),
    requestSigning: requestSigning(wc),
  };
}

/** KIP-507's keys; request verification is on with Connect's `sessioned` protocol (the default). */
function requestSigning(wc: WorkerConfig): RequestSigningConfig {
  const size = wc.get('inter.worker.key.size');
  const c: RequestSigningConfig = {
    enabled: String(wc.get('connect.protocol')).toLowerCase() === 'sessioned',
    keyGenerationAlgorithm: String(wc.get('inter.worker.key.generation.algorithm')),
    keySizeBits: size === null || size === undefined ? null : Number(size),
    signatureAlgorithm: String(wc.get('inter.worker.signature.algorithm')),
    verificationAlgorithms: (wc.get('inter.worker.verification.algorithms') as string[]).map(String),
    keyTtlMs: Number(wc.get('inter.worker.key.ttl.ms')),
  };
  validateRequestSigning(c);
  return c;
}

/** `connect-distributed worker.properties`: one worker of the Connect cluster named by `group.id`. */
export async function main(argv: string[]): Promise<void> {
  if (argv.length !== 1 || argv[0] === '-h' || argv[0] === '--help') {
    console.error(USAGE);
    process.exit(argv.length === 1 ? 0 : 1);
  }
  const workerFile = argv[0]!;
  let wc: WorkerConfig;
  let workerProps: Record<string, string>;
  let listeners: string;
  let dc: DistributedConfig;
  try {
    wc = await loadWorkerConfig(workerFile, 'distributed');
    workerProps = wc.raw;
    listeners = String(wc.get('listeners') ?? 'http://:8083');
    RestServer.validate({ ...workerProps, listeners });
    dc = distributedConfig(wc);
    if (dc.heartbeatIntervalMs >= dc.sessionTimeoutMs) {
      throw new Error(`heartbeat.interval.ms (${dc.heartbeatIntervalMs}) must be lower than session.timeout.ms (${dc.sessionTimeoutMs})`);
    }
    for (const key of ['config.storage.topic', 'offset.storage.topic', 'status.storage.topic'] as const) {
      const others = ['config.storage.topic', 'offset.storage.topic', 'status.storage.topic'].filter((k) => k !== key);
      if (others.some((k) => wc.get(k) === wc.get(key))) throw new Error(`${key} must name a topic of its own, not ${String(wc.get(key))}`);
    }
  } catch (err) {
    console.error(`connect-distributed: ${(err as Error).message}`);
    process.exit(1);
  }

  const started = Date.now();
  const loaded = await loadPluginsOrExit(workerProps, 'connect-distributed', workerFile);
  const kafka = workerKafkaClients(workerProps, 'connect-distributed', log);

  // The worker id is its advertised REST address (host:port), as in Kafka Connect.
  const restProps = { ...workerProps, listeners };
  const url = advertisedUrl(restProps, parseListeners(listeners).map((listener) => ({ listener, port: listener.port })), hostname());
  const workerId = new URL(url).host;
  const herder = new DistributedHerder({
    workerId,
    config: dc,
    clients: { common: workerClientProps(workerProps).common, logger: rootLogger.child({ logger: 'kafkajs' }) },
    worker: {
      workerProps,
      plugins: loaded.registry,
      kafka,
      offsetFlushIntervalMs: Number(wc.get('offset.flush.interval.ms')),
      configProviders: loaded.providers,
      taskHost: taskThreadsFor(workerProps, loaded.registry),
    },
  });
  const rest = new RestServer({ herder, version: VERSION, commit: COMMIT, workerProps: restProps });

  const stopping = handleSignals(log, [() => rest.stop(), () => herder.stop(), () => loaded.close()]);

  // The REST server starts while the cluster answers: neither needs the other.
  const [, clusterId] = await Promise.all([startRestOrExit(rest, 'connect-distributed'), kafkaClusterId(kafka, workerProps, log, stopping)]);
  try {
    await herder.start({ url, kafkaClusterId: clusterId });
  } catch (err) {
    log.error({ err }, `Failed to start: ${(err as Error).message}`);
    console.error(`connect-distributed: ${(err as Error).message}`);
    await rest.stop().catch(() => {});
    await herder.stop().catch(() => {});
    process.exit(1);
  }
  log.info({ kafkaClusterId: clusterId, workerId, groupId: dc.groupId, url, startupMs: Date.now() - started, processUptimeMs: Math.round(process.uptime() * 1000) }, 'Kafka Connect started');
}
