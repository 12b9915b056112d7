import { hostname } from 'node:os';
import type { Logger } from '../runtime/logger.js';
import type { Admin } from '../kafka/index.js';
import { kafkaClientsFor } from '../runtime/workerClients.js';
import { listValue } from '../runtime/chainFactory.js';
import type { ConfigProvider } from '../api/ConfigProvider.js';
import { builtinRegistry } from '../plugins/builtins.js';
import type { PluginRegistry } from '../plugins/PluginRegistry.js';
import type { PluginPathWatcher } from '../plugins/PluginLoader.js';
import { closeConfigProviders, instantiateConfigProviders } from '../config/configProviders.js';
import { namedLogger, rootLogger } from '../runtime/logger.js';
import { TaskThreadPool } from '../runtime/threads/TaskThreadPool.js';

/**
 * Task threads for the worker: `task.thread.pool.size` threads (default one per core) plus one per
 * task with task.heap.max.mb; stops bounded by task.shutdown.graceful.timeout.ms.
 */
export function taskThreadsFor(workerProps: Record<string, string>, plugins: PluginRegistry): TaskThreadPool {
  const size = workerProps['task.thread.pool.size'];
  return new TaskThreadPool({
    workerProps,
    plugins,
    pluginPath: listValue(workerProps['plugin.path']),
    ...(size ? { poolSize: Number(size) } : {}),
    gracefulStopMs: Number(workerProps['task.shutdown.graceful.timeout.ms'] ?? 5000),
  });
}

/** The worker's Kafka clients (logging as `kafkajs`), warning once about settings kafkajs has no equal for. */
export function workerKafkaClients(workerProps: Record<string, string>, command: string, log: Logger): ReturnType<typeof kafkaClientsFor> {
  const kafka = kafkaClientsFor(workerProps, command, rootLogger.child({ logger: 'kafkajs' }));
  if (kafka.unsupported.length) log.warn({ keys: kafka.unsupported }, 'These client settings have no kafkajs equivalent and are ignored');
  return kafka;
}

/** The plugins (built-ins and plugin.path), or the process ends naming the worker file and what is wrong. */
export async function loadPluginsOrExit(workerProps: Record<string, string>, command: string, workerFile: string): Promise<LoadedPlugins> {
  try {
    return await loadPlugins(workerProps);
  } catch (err) {
    console.error(`${command}: ${workerFile}: ${(err as Error).message}`);
    process.exit(1);
  }
}

/**
 * Starts the worker's REST server, or ends the process saying why (a taken port, a bad listener):
 * a worker nobody can reach must not run on.
 */
export async function startRestOrExit(rest: { start(): Promise<unknown> }, command: string): Promise<void> {
  try {
    await rest.start();
  } catch (err) {
    console.error(`${command}: REST server: ${(err as Error).message}`);
    process.exit(1);
  }
}

/** The Kafka cluster's id, once it answers (awaitKafka), through an admin client of its own. */
export async function kafkaClusterId(kafka: { admin(): Admin }, workerProps: Record<string, string>, logger: Logger, signal: { stopped: boolean }): Promise<string> {
  const admin = kafka.admin();
  const clusterId = await awaitKafka(admin, workerProps['bootstrap.servers'] ?? 'localhost:9092', logger, signal);
  await admin.disconnect();
  return clusterId;
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

export interface LoadedPlugins {
  registry: PluginRegistry;
  providers: Map<string, ConfigProvider>;
  close(): Promise<void>;
}

/**
 * Built-ins, then plugin.path (watched, so plugins dropped in later load without a restart), then
 * the config providers, which may themselves come from plugin.path. Throws ConfigException for a
 * provider that cannot be made: the worker must not start with secrets it cannot resolve.
 */
export async function loadPlugins(workerProps: Record<string, string>): Promise<LoadedPlugins> {
  const registry = builtinRegistry();
  const pluginPath = listValue(workerProps['plugin.path']);
  let watcher: PluginPathWatcher | undefined;
  if (pluginPath.length > 0) {
    // Only a worker with plugin.path pays for the loader (its manifest checks load ajv and semver).
    const { loadPluginPath, watchPluginPath } = await import('../plugins/PluginLoader.js');
    const pluginLog = namedLogger('kconnect.plugins');
    await loadPluginPath(registry, pluginPath, pluginLog);
    watcher = watchPluginPath(registry, pluginPath, pluginLog);
  }
  const providers = instantiateConfigProviders(workerProps, registry, namedLogger('kconnect.config'));
  return {
    registry,
    providers,
    async close() {
      await watcher?.close();
      await closeConfigProviders(providers);
    },
  };
}

/**
 * SIGINT/SIGTERM run `steps` in order once (stop REST, stop the herder so tasks flush offsets, close
 * stores) and exit 0, or 1 if a step fails. A plugin's stray callback must not take the worker
 * down, so uncaught errors are logged, not fatal: its task fails through its own path.
 * The returned flag tells start-up loops (awaitKafka) to give up.
 */
export function handleSignals(log: Logger, steps: Array<() => Promise<unknown>>): { stopped: boolean } {
  const stopping = { stopped: false };
  let shutdown: Promise<void> | undefined;
  const stop = (signal: string) => {
    if (shutdown) return;
    stopping.stopped = true;
    log.info({ signal }, 'Kafka Connect stopping');
    shutdown = (async () => {
      try {
        for (const step of steps) await step();
        log.info('Kafka Connect stopped');
        process.exit(0);
      } catch (err) {
        log.error({ err }, 'Error while stopping');
        process.exit(1);
      }
    })();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('uncaughtException', (err) => log.error({ err }, 'Uncaught exception'));
  process.on('unhandledRejection', (err) => log.error({ err }, 'Unhandled promise rejection'));
  return stopping;
}
