import { rootLogger } from '../runtime/logger.js';
import { loadConnectorFile } from '../config/connectorFile.js';
import { loadWorkerConfig } from '../config/workerConfig.js';
import { FileOffsetBackingStore, MemoryOffsetBackingStore } from '../storage/OffsetBackingStore.js';
import { MemoryStatusBackingStore } from '../storage/StatusBackingStore.js';
import { Worker } from '../runtime/Worker.js';
import { StandaloneHerder } from '../herder/StandaloneHerder.js';
import { RestServer, parseListeners } from '../rest/server.js';
import { kafkaClusterId, startRestOrExit, defaultWorkerId, workerKafkaClients, handleSignals, loadPluginsOrExit, taskThreadsFor } from './bootstrap.js';
import { VERSION, COMMIT } from './version.js';

const log = rootLogger.child({ logger: 'kconnect.cli' });

const USAGE = 'Usage: connect-standalone worker.properties [connector1.properties connector2.json ...]';

export async function main(argv: string[]): Promise<void> {
  if (argv.length < 1 || argv[0] === '-h' || argv[0] === '--help') {
    console.error(USAGE);
    process.exit(argv.length < 1 ? 1 : 0);
  }
  const [workerFile, ...connectorFiles] = argv as [string, ...string[]];
  let workerProps: Record<string, string>;
  let flushIntervalMs: number;
  let offsetFile: string | undefined;
  let listeners: string;
  try {
    const wc = await loadWorkerConfig(workerFile);
    workerProps = wc.raw;
    flushIntervalMs = Number(wc.config['offset.flush.interval.ms']);
    offsetFile = (wc.config['offset.storage.file.filename'] as string | null) ?? undefined;
    listeners = String(wc.config['listeners'] ?? 'http://:8083');
    RestServer.validate({ ...workerProps, listeners });
  } catch (err) {
    console.error(`connect-standalone: ${(err as Error).message}`);
    process.exit(1);
  }
  if (!offsetFile) {
    console.error(`connect-standalone: ${workerFile}: Missing required configuration "offset.storage.file.filename" which has no default value.`);
    process.exit(1);
  }

  const started = Date.now();
  const [listener] = parseListeners(listeners);
  const workerId = defaultWorkerId(workerProps['rest.advertised.host.name'] ?? listener?.host, Number(workerProps['rest.advertised.port'] ?? listener?.port ?? 8083));
  const kafka = workerKafkaClients(workerProps, 'connect-standalone', log);
  const offsetStore = offsetFile ? new FileOffsetBackingStore(offsetFile) : new MemoryOffsetBackingStore();
  const statusStore = new MemoryStatusBackingStore();
  const loaded = await loadPluginsOrExit(workerProps, 'connect-standalone', workerFile);
  const plugins = loaded.registry;
  const worker = new Worker({
    workerId,
    workerProps,
    plugins,
    offsetStore,
    statusStore,
    kafka,
    offsetFlushIntervalMs: flushIntervalMs,
    configProviders: loaded.providers,
    taskHost: taskThreadsFor(workerProps, plugins),
  });
  const herder = new StandaloneHerder(worker, statusStore);
  const rest = new RestServer({ herder, version: VERSION, commit: COMMIT, workerProps: { ...workerProps, listeners } });

  const stopping = handleSignals(log, [() => rest.stop(), () => herder.stop(), () => offsetStore.stop(), () => loaded.close()]);

  try {
    await offsetStore.start();
  } catch (err) {
    console.error(`connect-standalone: ${(err as Error).message}`);
    process.exit(1);
  }
  // The REST server starts while the cluster answers: neither needs the other.
  const [, clusterId] = await Promise.all([startRestOrExit(rest, 'connect-standalone'), kafkaClusterId(kafka, workerProps, log, stopping)]);
  herder.start(clusterId);
  log.info({ kafkaClusterId: clusterId, workerId, startupMs: Date.now() - started, processUptimeMs: Math.round(process.uptime() * 1000) }, 'Kafka Connect started');

  for (const file of connectorFiles) {
    try {
      const props = await loadConnectorFile(file);
      const name = props['name'];
      if (!name) throw new Error('Missing required configuration "name" which has no default value.');
      const { info } = await herder.putConnectorConfig(name, props, false);
      log.info({ connector: name, file, tasks: info.tasks.length }, 'Created connector');
    } catch (err) {
      // One bad connector file must not stop the others.
      // A refused config lists its errors one by one; say them plainly after the file name.
      const errors = (err as { errors?: unknown }).errors;
      const message = Array.isArray(errors) && errors.length > 0 ? errors.join('; ') : (err as Error).message;
      log.error({ file, err: { message: (err as Error).message } }, `Failed to create connector: ${file}: ${message}`);
    }
  }
}
