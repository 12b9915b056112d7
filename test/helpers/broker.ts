/**
 * A broker of a test's own (scripts/kafka.sh on free ports, its own data folder), for tests that
 * kill and restart Kafka: the run's shared broker must stay up for every other test.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from './worker.js';

const run = promisify(execFile);
const kafkaSh = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'scripts', 'kafka.sh');

export interface PrivateBroker {
  bootstrap: string;
  /** Stops it (SIGTERM, as an operator restarting it would); its data stays. */
  stop(): Promise<void>;
  /** Starts it again on the same ports and data; resolves once it answers. */
  start(): Promise<void>;
  /** Stops it and deletes its data. */
  destroy(): Promise<void>;
}

export async function startPrivateBroker(): Promise<PrivateBroker> {
  const data = await mkdtemp(join(tmpdir(), 'kconnect-broker-'));
  // kafka.sh needs two free ports next to nothing in particular: ask for each separately.
  const port = await freePort();
  let controllerPort = await freePort();
  while (controllerPort === port) controllerPort = await freePort();
  const start = async () => {
    await run('bash', [kafkaSh, 'start', '--port', String(port), '--controller-port', String(controllerPort), '--data', data], { timeout: 120_000 });
  };
  await start();
  return {
    bootstrap: `127.0.0.1:${port}`,
    async stop() {
      await run('bash', [kafkaSh, 'stop', '--data', data], { timeout: 60_000 });
    },
    start,
    async destroy() {
      await run('bash', [kafkaSh, 'stop', '--data', data], { timeout: 60_000 }).catch(() => {});
      await rm(data, { recursive: true, force: true });
    },
  };
}
