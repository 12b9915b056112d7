import { ConfigException } from '../data/errors.js';
import type { Worker } from '../runtime/Worker.js';
import { buildTransformationChain } from '../runtime/chainFactory.js';
import { parseConnectorConfig } from '../config/connectorConfig.js';

export const MAX_TASKS_LIMIT = 1000;

/** Connector names end up in URLs, topic keys and consumer group ids. */
export function checkConnectorName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') throw new ConfigException('name', name, 'Connector name must be a non-empty string');
  if (/[\u0000-\u001f\u007f/\\]/.test(name)) {
    throw new ConfigException('name', JSON.stringify(name), 'Connector name may not contain control characters, / or \\');
  }
  if (name.length > 249) throw new ConfigException('name', name.slice(0, 40) + '…', 'Connector name may be 249 characters at most');
  return name;
}

/**
 * Everything that can be checked before a connector starts: the common keys (from ConnectorConfig's
 * definition), the connector's own ConfigDef and the transform chain. The first problem is thrown
 * as a ConfigException naming the key.
 */
export function validateConnectorConfig(worker: Worker, config: Record<string, string>): void {
  checkConnectorName(config['name']);
  const cls = config['connector.class'];
  if (!cls || cls.trim() === '') throw new ConfigException('Missing required configuration "connector.class" which has no default value.');
  let created;
  try {
    created = worker.newConnector(cls);
  } catch (err) {
    throw new ConfigException('connector.class', cls, (err as Error).message);
  }
  const parsed = parseConnectorConfig(config, { type: created.type });
  const maxTasks = parsed.getInt('tasks.max') ?? 1;
  if (maxTasks > MAX_TASKS_LIMIT) throw new ConfigException('tasks.max', maxTasks, `Value must be no more than ${MAX_TASKS_LIMIT}`);
  for (const v of created.instance.validate(config)) {
    const message = v.errorMessages[0];
    if (message === undefined) continue;
    // "Missing required configuration \"topic\"…" already names the key; don't wrap it as an invalid value.
    if (config[v.name] === undefined) throw new ConfigException(message);
    throw new ConfigException(v.name, config[v.name], message);
  }
  buildTransformationChain(config, worker.plugins).close();
}
