import { ConfigException } from '../data/errors.js';
import type { Worker } from '../runtime/Worker.js';
import { buildTransformationChain } from '../runtime/chainFactory.js';

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
 * Everything that can be checked before a connector starts: the common keys, the connector's own
 * ConfigDef and the transform chain. The first problem is thrown as a ConfigException naming the key.
 */
export function validateConnectorConfig(worker: Worker, config: Record<string, string>): void {
  checkConnectorName(config['name']);
  const cls = config['connector.class'];
  if (!cls || cls.trim() === '') throw new ConfigException('Missing required configuration "connector.class" which has no default value.');
  const maxTasks = config['tasks.max'] ?? '1';
  if (!/^\s*-?\d+\s*$/.test(maxTasks)) throw new ConfigException('tasks.max', maxTasks, 'Not a number of type INT');
  const n = Number(maxTasks);
  if (n < 1) throw new ConfigException('tasks.max', maxTasks, 'Value must be at least 1');
  if (n > MAX_TASKS_LIMIT) throw new ConfigException('tasks.max', maxTasks, `Value must be no more than ${MAX_TASKS_LIMIT}`);
  let created;
  try {
    created = worker.newConnector(cls);
  } catch (err) {
    throw new ConfigException('connector.class', cls, (err as Error).message);
  }
  if (created.type === 'sink') {
    const topics = (config['topics'] ?? '').trim();
    const regex = (config['topics.regex'] ?? '').trim();
    if (topics && regex) throw new ConfigException('topics', topics, 'topics and topics.regex are mutually exclusive.');
    if (!topics && !regex) throw new ConfigException('Must configure one of topics or topics.regex');
    if (regex) {
      try {
        new RegExp(regex);
      } catch (err) {
        throw new ConfigException('topics.regex', regex, (err as Error).message);
      }
    }
  }
  for (const v of created.instance.validate(config)) {
    if (v.errorMessages.length > 0) throw new ConfigException(v.name, config[v.name], v.errorMessages.join('; '));
  }
  buildTransformationChain(config, worker.plugins).close();
}
