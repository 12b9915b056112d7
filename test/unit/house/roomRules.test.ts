// The rooms' import rules (.dependency-cruiser.cjs, run by `npm run lint` and `npm test`) must pass on
// this tree and bite on a copy that crosses a wall. Each case lays a scratch copy of the files that
// matter, so the real tree is never touched while other tests run.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const run = promisify(execFile);
const scratch: string[] = [];
after(() => Promise.all(scratch.map((d) => rm(d, { recursive: true, force: true }))));

async function scratchTree(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-rooms-'));
  scratch.push(dir);
  for (const f of ['.dependency-cruiser.cjs', 'tsconfig.json', 'package.json']) await cp(join(repoRoot, f), join(dir, f));
  await symlink(join(repoRoot, 'node_modules'), join(dir, 'node_modules'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

async function lint(dir: string, roots = ['src']): Promise<{ code: number; out: string }> {
  const bin = join(repoRoot, 'node_modules', '.bin', 'depcruise');
  try {
    const { stdout, stderr } = await run(bin, ['--config', '.dependency-cruiser.cjs', ...roots], { cwd: dir });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

const SDK = { 'src/api/index.ts': 'export const x = 1;\n', 'src/data/Schema.ts': 'export const y = 2;\n' };

describe('room rules (npm run lint)', () => {
  it('pass on the real tree', async () => {
    const { stdout } = await run('npm', ['run', '--silent', 'lint'], { cwd: repoRoot });
    assert.match(stdout, /no dependency violations found/);
  });

  it('fail when src/runtime imports kafkajs, naming the rule and the file', async () => {
    const dir = await scratchTree({ ...SDK, 'src/runtime/Sneaky.ts': "import { Kafka } from 'kafkajs';\nexport const k = Kafka;\n" });
    const { code, out } = await lint(dir);
    assert.notEqual(code, 0);
    assert.match(out, /kafkajs-only-in-src-kafka: src\/runtime\/Sneaky\.ts → \S*node_modules\/kafkajs\//);
  });

  it('fail when a built-in connector reaches into src/ by path, and pass through the SDK', async () => {
    const bad = await scratchTree({ ...SDK, 'connectors/x/Deep.ts': "import { y } from '../../src/data/Schema.js';\nexport const z = y;\n" });
    const res = await lint(bad, ['src', 'connectors']);
    assert.notEqual(res.code, 0);
    assert.match(res.out, /builtins-use-the-public-sdk: connectors\/x\/Deep\.ts → src\/data\/Schema\.ts/);
    const good = await scratchTree({ ...SDK, 'connectors/x/Sdk.ts': "import { x } from 'kconnect';\nexport const z = x;\n" });
    assert.equal((await lint(good, ['src', 'connectors'])).code, 0);
  });

  it('fail when a store imports the runtime', async () => {
    const dir = await scratchTree({ 'src/runtime/Worker.ts': 'export const w = 1;\n', 'src/storage/Store.ts': "import { w } from '../runtime/Worker.js';\nexport const s = w;\n" });
    const { code, out } = await lint(dir);
    assert.notEqual(code, 0);
    assert.match(out, /storage-below-runtime/);
  });
});
