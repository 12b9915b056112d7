// src/kafka/kafkajs.ts must refuse to run when kafkajs was loaded around it: the replaced modules
// would silently be kafkajs's originals. Each case runs in its own Node process (module caches).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const distRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const door = pathToFileURL(join(distRoot, 'src', 'kafka', 'kafkajs.js')).href;
const run = promisify(execFile);

function script(loadKafkajsFirst: boolean): string {
  return [
    "import { createRequire } from 'node:module';",
    `const require = createRequire(${JSON.stringify(door)});`,
    loadKafkajsFirst ? "require('kafkajs');" : '',
    `const k = await import(${JSON.stringify(door)});`,
    "const grouped = require('kafkajs/src/producer/groupMessagesPerPartition.js');",
    "console.log(typeof k.Kafka, grouped.name);",
  ].join('\n');
}

test('kafkajs loads through the door with the replacements in place', async () => {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script(false)]);
  assert.equal(stdout.trim(), 'function groupMessagesPerPartition');
});

test('kafkajs, loaded through the door, requires every replacement in place of its module', async () => {
  const install = pathToFileURL(join(distRoot, 'src', 'kafka', 'kafkajsInstall.js')).href;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', [
    "import { createRequire } from 'node:module';",
    `const require = createRequire(${JSON.stringify(door)});`,
    `const k = await import(${JSON.stringify(door)});`,
    `const { REPLACED } = await import(${JSON.stringify(install)});`,
    'console.log(typeof k.Kafka, REPLACED.length > 0 && REPLACED.every(([path, ours]) => require(path) === ours));',
  ].join('\n')]);
  assert.equal(stdout.trim(), 'function true');
});

test('the door stops the process when kafkajs was loaded before it', async () => {
  await assert.rejects(run(process.execPath, ['--input-type=module', '-e', script(true)]), (e: { code: number; stderr: string }) =>
    e.code !== 0 && /kafkajs was loaded before src\/kafka\/kafkajs\.ts could replace kafkajs\/src\/producer\/groupMessagesPerPartition\.js/.test(e.stderr));
});
