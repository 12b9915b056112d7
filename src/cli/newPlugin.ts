// `kconnect new-plugin <kind> <name> [--dir D] [--kconnect SPEC]`: writes a minimal plugin package
// (package.json with the kconnect manifest, tsconfig.json, src/index.ts, a node:test test) that
// compiles and whose test passes after `npm install`. See docs/plugins.md.

import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import type { PluginType } from '../api/plugin.js';
import { RUNTIME_PACKAGE, RUNTIME_ROOT, RUNTIME_VERSION } from '../plugins/runtimePackage.js';

export const PLUGIN_KINDS = ['source', 'sink', 'transform', 'predicate', 'converter', 'config-provider'] as const;
export type PluginKind = (typeof PLUGIN_KINDS)[number];

const USAGE = `Usage: kconnect new-plugin <${PLUGIN_KINDS.join('|')}> <name> [--dir <folder>] [--kconnect <npm spec>]

Writes a minimal plugin package named <name> (an npm package name, e.g. acme-orders) into
<folder> (default ./<name>): package.json with the "kconnect" manifest, tsconfig.json, src/index.ts
and a test. Then: cd <folder> && npm install && npm test.
  --kconnect <spec>   how the package's devDependency installs kconnect (default: this kconnect's
                      folder when it is a checkout, else ^<major>.<minor>.0)`;

/** The kconnect package folder (this file is dist/src/cli/newPlugin.js). */

const NPM_NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;

interface Names {
  /** npm package name */
  pkg: string;
  /** Java-style namespace of the class names: acme-orders → acme.orders */
  namespace: string;
  /** PascalCase base of the class names: acme-orders → AcmeOrders */
  base: string;
}

export function pluginNames(name: string): Names {
  const bare = name.replace(/^@[^/]+\//, '');
  const words = bare.split(/[^a-zA-Z0-9]+/).filter(Boolean);
  const base = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('').replace(/^(\d)/, 'P$1');
  const namespace = name.replace(/^@/, '').split(/[^a-zA-Z0-9]+/).filter(Boolean).map((w) => w.toLowerCase()).map((w) => (/^\d/.test(w) ? `p${w}` : w)).join('.');
  return { pkg: name, namespace, base };
}

function devDependencyVersions(): { typescript: string; types: string } {
  const dev = RUNTIME_PACKAGE.devDependencies;
  return { typescript: dev?.['typescript'] ?? '^5.0.0', types: dev?.['@types/node'] ?? '^20.0.0' };
}

/** `^0.1.0` for 0.1.x: the SDK versions a plugin built now works with. */
export function sdkRange(version = RUNTIME_VERSION): string {
  const [major = '0', minor = '0'] = version.split('.');
  return `^${major}.${minor}.0`;
}

function defaultKconnectSpec(): string {
  return RUNTIME_ROOT.split(sep).includes('node_modules') ? sdkRange() : `file:${RUNTIME_ROOT.replace(/[\\/]$/, '')}`;
}

interface Template {
  /** The manifest type and the class it registers. */
  type: PluginType;
  cls: string;
  /** What the plugin provides, for messages: "source connector". */
  what: string;
  /** src/index.ts without the manifest at its end. */
  index: string;
  /** test/plugin.test.ts: imports besides node:assert, node:test and ../src/index.js, then tests. */
  testImports: string;
  tests: string;
}

/** A connector class for source or sink; both hand the whole config to `tasks` task configs. */
function connectorClass(side: 'Source' | 'Sink', base: string, tasks: string): string {
  return `export class ${base}${side}Connector extends ${side}Connector {
  private props: Record<string, string> = {};

  version(): string {
    return VERSION;
  }

  start(props: Record<string, string>): void {
    CONFIG_DEF.parse(props); // throws ConfigException, naming the key, when something is wrong
    this.props = { ...props };
  }

  taskClass(): ${side}TaskClass {
    return ${base}${side}Task;
  }

  taskConfigs(_maxTasks: number): Record<string, string>[] {
    return [{ ...this.props }]; // ${tasks}
  }

  stop(): void {}

  config(): ConfigDef {
    return CONFIG_DEF;
  }
}
`;
}

/** The methods a transform and a predicate share besides their own. */
const SMT_TAIL = `
  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {}

  version(): string {
    return '0.1.0';
  }
}
`;

/** The class-name suffixes a kind adds: `acme-source` makes AcmeSourceConnector, not AcmeSourceSourceConnector. */
const KIND_SUFFIX: Record<PluginKind, RegExp> = {
  source: /(Source)?(Connector)?$/,
  sink: /(Sink)?(Connector)?$/,
  transform: /$^/,
  predicate: /$^/,
  converter: /Converter$/,
  'config-provider': /(Config)?Provider$/,
};

function template(kind: PluginKind, names: Names): Template {
  const n = { ...names, base: names.base.replace(KIND_SUFFIX[kind], '') || names.base };
  const b = n.base;
  switch (kind) {
    case 'source': return {
      type: 'source',
      cls: `${b}SourceConnector`,
      what: 'source connector',
      index: `import { ConfigDef, Schema, SourceConnector, SourceRecord, SourceTask, type PluginDefinition, type SourceTaskClass } from 'kconnect';

export const VERSION = '0.1.0';

export const CONFIG_DEF = new ConfigDef()
  .define({ name: 'topic', type: 'STRING', importance: 'HIGH', documentation: 'The topic to write to.' })
  .define({ name: 'poll.interval.ms', type: 'INT', defaultValue: 1000, importance: 'LOW', documentation: 'How long to wait between two records.' });

/** Emits one record per poll: "${b} #<n>", resuming after the last one written. */
export class ${b}SourceTask extends SourceTask {
  private topic = '';
  private intervalMs = 1000;
  private position = 0;
  private stopped = false;
  private wake: (() => void) | undefined;

  version(): string {
    return VERSION;
  }

  async start(props: Record<string, string>): Promise<void> {
    const config = CONFIG_DEF.parse(props);
    this.topic = config['topic'] as string;
    this.intervalMs = config['poll.interval.ms'] as number;
    const offset = await this.context.offsetStorageReader().offset({ source: '${n.pkg}' });
    this.position = typeof offset?.['position'] === 'number' ? offset['position'] : 0;
  }

  async poll(): Promise<SourceRecord[] | null> {
    // Never spin: wait between records, and wake up at once on stop().
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => resolve(), this.intervalMs);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    if (this.stopped) return null;
    const position = ++this.position;
    return [new SourceRecord({
      sourcePartition: { source: '${n.pkg}' },
      sourceOffset: { position },
      topic: this.topic,
      valueSchema: Schema.STRING_SCHEMA,
      value: \`${b} #\${position}\`,
    })];
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }
}

${connectorClass('Source', b, 'one sequence, one task')}`,
      testImports: `import type { OffsetStorageReader } from 'kconnect';\n`,
      tests: `const noOffsets: OffsetStorageReader = {
  offset: async () => null,
  offsets: async (partitions) => new Map(partitions.map((p) => [p, null])),
};

test('the task emits numbered records', async () => {
  const connector = new ${b}SourceConnector();
  connector.start({ topic: 'out', 'poll.interval.ms': '1' });
  const [taskConfig] = connector.taskConfigs(1);
  const task = new (connector.taskClass())();
  task.initialize({ configs: () => taskConfig!, offsetStorageReader: () => noOffsets });
  await task.start(taskConfig!);
  const records = [...(await task.poll())!, ...(await task.poll())!];
  assert.deepEqual(records.map((r) => [r.topic, r.value]), [['out', '${b} #1'], ['out', '${b} #2']]);
  await task.stop();
});
`,
    };
    case 'sink': return {
      type: 'sink',
      cls: `${b}SinkConnector`,
      what: 'sink connector',
      index: `import { appendFile } from 'node:fs/promises';
import { ConfigDef, SinkConnector, SinkTask, type PluginDefinition, type SinkRecord, type SinkTaskClass } from 'kconnect';

export const VERSION = '0.1.0';

export const CONFIG_DEF = new ConfigDef()
  .define({ name: 'topics', type: 'LIST', importance: 'HIGH', documentation: 'The topics to read.' })
  .define({ name: 'file', type: 'STRING', importance: 'HIGH', documentation: 'The file to append each record value to, one per line.' });

/** Appends each record's value to a file; flush() makes what put() gathered durable. */
export class ${b}SinkTask extends SinkTask {
  private file = '';
  private pending: string[] = [];

  version(): string {
    return VERSION;
  }

  start(props: Record<string, string>): void {
    this.file = CONFIG_DEF.parse(props)['file'] as string;
  }

  put(records: SinkRecord[]): void {
    for (const r of records) this.pending.push(String(r.value));
  }

  override async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const lines = this.pending.splice(0);
    await appendFile(this.file, lines.join('\\n') + '\\n');
  }

  stop(): void {}
}

${connectorClass('Sink', b, 'one file, one writer')}`,
      testImports: `import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Schema, SinkRecord } from 'kconnect';
`,
      tests: `test('the task appends record values to the file on flush', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), '${b.toLowerCase()}-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'out.txt');
  const connector = new ${b}SinkConnector();
  connector.start({ topics: 'in', file });
  const [taskConfig] = connector.taskConfigs(1);
  const task = new (connector.taskClass())();
  await task.start(taskConfig!);
  await task.put(['a', 'b'].map((value, i) => new SinkRecord({ topic: 'in', kafkaPartition: 0, kafkaOffset: i, valueSchema: Schema.STRING_SCHEMA, value })));
  await task.flush([]);
  assert.equal(await readFile(file, 'utf8'), 'a\\nb\\n');
  await task.stop();
});
`,
    };
    case 'transform': return {
      type: 'transformation',
      cls: b,
      what: 'transformation',
      index: `import { ConfigDef, type ConnectRecord, type PluginDefinition, type Transformation } from 'kconnect';

const CONFIG_DEF = new ConfigDef()
  .define({ name: 'header', type: 'STRING', defaultValue: '${n.pkg}', importance: 'MEDIUM', documentation: 'The header to add.' })
  .define({ name: 'value', type: 'STRING', defaultValue: 'true', importance: 'MEDIUM', documentation: 'Its value.' });

/** Adds a header to every record. apply() runs once per record: keep it synchronous and cheap. */
export class ${b}<R extends ConnectRecord<R>> implements Transformation<R> {
  private header = '';
  private value = '';

  configure(props: Record<string, string>): void {
    const config = CONFIG_DEF.parse(props);
    this.header = config['header'] as string;
    this.value = config['value'] as string;
  }

  apply(record: R): R | null {
    const headers = record.headers.duplicate();
    headers.addString(this.header, this.value);
    return record.newRecord({ headers });
  }
${SMT_TAIL}`,
      testImports: `import { Schema, SourceRecord } from 'kconnect';\n`,
      tests: `test('adds the header', () => {
  const t = new ${b}<SourceRecord>();
  t.configure({ header: 'seen-by', value: 'me' });
  const record = new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: 't', valueSchema: Schema.STRING_SCHEMA, value: 'v' });
  const out = t.apply(record)!;
  assert.equal(out.headers.lastWithName('seen-by')?.value, 'me');
  assert.equal(out.value, 'v');
  assert.equal(record.headers.lastWithName('seen-by'), undefined, 'the input record is unchanged');
});
`,
    };
    case 'predicate': return {
      type: 'predicate',
      cls: b,
      what: 'predicate',
      index: `import { ConfigDef, type ConnectRecord, type PluginDefinition, type Predicate } from 'kconnect';

const CONFIG_DEF = new ConfigDef()
  .define({ name: 'prefix', type: 'STRING', importance: 'HIGH', documentation: 'True for records whose topic starts with this.' });

/** True for records whose topic starts with a prefix. test() runs once per record: keep it cheap. */
export class ${b}<R extends ConnectRecord<R>> implements Predicate<R> {
  private prefix = '';

  configure(props: Record<string, string>): void {
    this.prefix = CONFIG_DEF.parse(props)['prefix'] as string;
  }

  test(record: R): boolean {
    return record.topic.startsWith(this.prefix);
  }
${SMT_TAIL}`,
      testImports: `import { ConfigException, SourceRecord } from 'kconnect';\n`,
      tests: `const onTopic = (topic: string) => new SourceRecord({ sourcePartition: null, sourceOffset: null, topic, value: null });

test('matches topics by prefix', () => {
  const p = new ${b}<SourceRecord>();
  assert.throws(() => p.configure({}), ConfigException);
  p.configure({ prefix: 'orders.' });
  assert.equal(p.test(onTopic('orders.eu')), true);
  assert.equal(p.test(onTopic('payments')), false);
});
`,
    };
    case 'converter': return {
      type: 'converter',
      cls: `${b}Converter`,
      what: 'converter',
      index: `import { ConfigDef, Schema, SchemaAndValue, type ConnectHeaders, type Converter, type PluginDefinition } from 'kconnect';

const CONFIG_DEF = new ConfigDef()
  .define({ name: 'encoding', type: 'STRING', defaultValue: 'utf8', importance: 'LOW', documentation: 'The text encoding.' });

/** Values as text: anything is written as its string form, bytes are read back as a STRING. */
export class ${b}Converter implements Converter {
  private encoding: BufferEncoding = 'utf8';

  configure(configs: Record<string, unknown>, _isKey: boolean): void {
    this.encoding = CONFIG_DEF.parse(configs)['encoding'] as BufferEncoding;
  }

  fromConnectData(_topic: string, _headers: ConnectHeaders | undefined, _schema: Schema | null, value: unknown): Buffer | null {
    return value === null || value === undefined ? null : Buffer.from(String(value), this.encoding);
  }

  toConnectData(_topic: string, _headers: ConnectHeaders | undefined, value: Buffer | null): SchemaAndValue {
    return value === null ? SchemaAndValue.NULL : SchemaAndValue.of(Schema.OPTIONAL_STRING_SCHEMA, value.toString(this.encoding));
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }
}
`,
      testImports: '',
      tests: `test('round-trips text, and null stays null', () => {
  const c = new ${b}Converter();
  c.configure({}, false);
  const bytes = c.fromConnectData('t', undefined, null, 'héllo');
  assert.equal(c.toConnectData('t', undefined, bytes).value, 'héllo');
  assert.equal(c.fromConnectData('t', undefined, null, null), null);
  assert.equal(c.toConnectData('t', undefined, null).value, null);
});
`,
    };
    case 'config-provider': {
      const provider = b.toLowerCase();
      return {
        type: 'config_provider',
        cls: `${b}ConfigProvider`,
        what: 'config provider',
        index: `import type { ConfigData, ConfigProvider, PluginDefinition } from 'kconnect';

/**
 * \`\${${provider}:APP_:DB_PASSWORD}\` is the environment variable APP_DB_PASSWORD: the path is a
 * name prefix. Declared in the worker properties:
 *   config.providers=${provider}
 *   config.providers.${provider}.class=${n.namespace}.${b}ConfigProvider
 * Never log or put in an error message the values it returns.
 */
export class ${b}ConfigProvider implements ConfigProvider {
  private env: Record<string, string | undefined> = {};

  configure(_configs: Record<string, string>): void {
    this.env = { ...process.env };
  }

  get(path: string, keys?: Set<string>): ConfigData {
    const data: Record<string, string> = {};
    for (const key of keys ?? []) {
      const value = this.env[path + key];
      if (value !== undefined) data[key] = value;
    }
    return { data };
  }

  close(): void {}
}
`,
        testImports: '',
        tests: `test('reads prefixed environment variables', async () => {
  process.env['APP_TEST_SECRET'] = 'shh';
  const p = new ${b}ConfigProvider();
  p.configure({});
  assert.deepEqual((await p.get('APP_', new Set(['TEST_SECRET', 'MISSING']))).data, { TEST_SECRET: 'shh' });
});
`,
      };
    }
  }
}

/** The two source files: the class(es) then the manifest, and the test. */
function sources(t: Template, ns: string): { index: string; test: string } {
  return {
    index: `${t.index}
export const plugins: PluginDefinition[] = [
  { type: '${t.type}', className: '${ns}.${t.cls}', impl: ${t.cls} },
];
`,
    test: `import assert from 'node:assert/strict';
import { test } from 'node:test';
${t.testImports}import { ${t.cls}, plugins } from '../src/index.js';

test('exports its plugin', () => {
  assert.deepEqual(plugins.map((p) => [p.type, p.className]), [['${t.type}', '${ns}.${t.cls}']]);
});

${t.tests}`,
  };
}

export interface GeneratedPlugin {
  dir: string;
  files: string[];
  what: string;
}

/** Writes the package; throws when `dir` exists and is not empty. */
export async function generatePlugin(kind: PluginKind, name: string, dir: string, kconnectSpec = defaultKconnectSpec()): Promise<GeneratedPlugin> {
  const existing = await readdir(dir).catch(() => [] as string[]);
  if (existing.length > 0) throw new Error(`${dir} already exists and is not empty`);
  const n = pluginNames(name);
  const t = template(kind, n);
  const src = sources(t, n.namespace);
  const what = `${t.what} ${n.namespace}.${t.cls}`;
  const versions = devDependencyVersions();
  const files: Record<string, string> = {
    'package.json': `${JSON.stringify({
      name: n.pkg,
      version: '0.1.0',
      description: `A kconnect ${t.what}`,
      type: 'module',
      kconnect: { plugins: './dist/src/index.js' },
      files: ['dist/src'],
      scripts: { build: 'tsc -p .', test: 'tsc -p . && node --test dist/test/*.test.js' },
      peerDependencies: { kconnect: sdkRange() },
      peerDependenciesMeta: { kconnect: { optional: true } },
      devDependencies: { '@types/node': versions.types, kconnect: kconnectSpec, typescript: versions.typescript },
    }, null, 2)}\n`,
    'tsconfig.json': `${JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2023'], types: ['node'],
        strict: true, noImplicitOverride: true, declaration: true, sourceMap: true, skipLibCheck: true,
        rootDir: '.', outDir: 'dist',
      },
      include: ['src', 'test'],
    }, null, 2)}\n`,
    '.gitignore': 'node_modules/\ndist/\n',
    'README.md': `# ${n.pkg}

A kconnect plugin: ${what} (alias ${t.cls}).

\`\`\`sh
npm install
npm test                      # compiles, then runs test/*.test.ts with node:test
\`\`\`

To use it, put this folder (with \`dist/\`, and \`node_modules/\` if it has dependencies:
\`npm install --omit=dev\`) into a folder listed in the worker's \`plugin.path\`. See kconnect's
docs/plugins.md.
`,
    [join('src', 'index.ts')]: src.index,
    [join('test', 'plugin.test.ts')]: src.test,
  };
  await mkdir(join(dir, 'src'), { recursive: true });
  await mkdir(join(dir, 'test'), { recursive: true });
  for (const [file, content] of Object.entries(files)) await writeFile(join(dir, file), content);
  return { dir, files: Object.keys(files), what };
}

/** `kconnect new-plugin …`; returns the exit code. */
export async function newPluginCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { dir: { type: 'string' }, kconnect: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    console.error(`kconnect new-plugin: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }
  const [kind, name, ...extra] = parsed.positionals;
  if (!kind || !name || extra.length > 0) {
    console.error(USAGE);
    return 2;
  }
  if (!(PLUGIN_KINDS as readonly string[]).includes(kind)) {
    console.error(`kconnect new-plugin: unknown kind "${kind}"; use one of ${PLUGIN_KINDS.join(', ')}`);
    return 2;
  }
  if (!NPM_NAME.test(name)) {
    console.error(`kconnect new-plugin: "${name}" is not an npm package name (lower case letters, digits, "-", "." or "_", e.g. acme-orders)`);
    return 2;
  }
  const dir = resolve(parsed.values.dir ?? name.replace(/^@[^/]+\//, ''));
  try {
    const out = await generatePlugin(kind as PluginKind, name, dir, parsed.values.kconnect);
    const shown = relative(process.cwd(), dir) || '.';
    console.log(`Created ${name}, a kconnect ${out.what}, in ${shown}:
${out.files.map((f) => `  ${f}`).join('\n')}

Next:
  cd ${shown}
  npm install
  npm test
Then put the folder into a plugin.path folder of the worker (see docs/plugins.md).`);
    return 0;
  } catch (err) {
    console.error(`kconnect new-plugin: ${(err as Error).message}`);
    return 1;
  }
}
