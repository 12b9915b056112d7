import { hostname } from 'node:os';
import type { Logger } from '../runtime/logger.js';
import { KafkaClients, type Admin } from '../kafka/index.js';
import { withPrefix, listValue } from '../runtime/chainFactory.js';
import type { ConfigProvider } from '../api/ConfigProvider.js';
import { builtinRegistry } from '../plugins/builtins.js';
import type { PluginRegistry } from '../plugins/PluginRegistry.js';
import { loadPluginPath, watchPluginPath, type PluginPathWatcher } from '../plugins/PluginLoader.js';
import { closeConfigProviders, instantiateConfigProviders } from '../config/configProviders.js';
import { namedLogger } from '../runtime/logger.js';

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
    // admin.listeners* configure the REST admin endpoint, not the Kafka admin client.
    admin: Object.fromEntries(Object.entries(withPrefix(workerProps, 'admin.')).filter(([k]) => !k.startsWith('listeners'))),
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
