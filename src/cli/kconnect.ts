// `kconnect`: tools around the runtime. Subcommands:
//
//   kconnect try-transforms --config connector.properties --records samples.json [--plugin-path DIR,…] [--compact]
//   kconnect new-plugin <kind> <name> [--dir D]
//   kconnect ls [--url URL] / kconnect status [--url URL] [connector …]
//
// try-transforms runs the sample records through the connector's `transforms`/`predicates` and prints,
// as JSON, each record after every step: the same `{"results": …}` as
// POST /connector-plugins/transforms/preview. See docs/transforms.md.

import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadConnectorFile } from '../config/connectorFile.js';
import { newPluginCommand } from './newPlugin.js';
import { clusterCommand } from './clusterStatus.js';
import { ConfigException } from '../data/errors.js';
import { builtinRegistry } from '../plugins/builtins.js';
import { loadPluginPath, type PluginLogger } from '../plugins/PluginLoader.js';
import { previewChain, type SampleRecord } from '../runtime/chainPreview.js';

const USAGE = `Usage: kconnect <command> [options]

Commands:
  try-transforms --config <connector.properties|.json> --records <samples.json|.jsonl> [--plugin-path <dirs>] [--compact]
      Run sample records through the connector's transforms and predicates; print each record after every step.
  new-plugin <source|sink|transform|predicate|converter|config-provider> <name> [--dir D]
      Write a minimal plugin package (compiling, with a test) to start from. See docs/plugins.md.
  ls [--url <http://host:8083>]
      The cluster's connectors: type, state and task states, one line each.
  status [--url <http://host:8083>] [connector …]
      The worker, its health, the workers with their work, and every connector and task with its error.
      --url defaults to $KCONNECT_URL, else http://localhost:8083. See docs/operations.md.
`;

/** Samples: a JSON array, an object with a `records` array, or JSON Lines (one sample per line). */
async function loadRecords(file: string): Promise<SampleRecord[]> {
  const text = await readFile(file, 'utf8');
  if (file.endsWith('.jsonl') || file.endsWith('.ndjson')) {
    return text.split('\n').filter((l) => l.trim() !== '').map((l, i) => {
      try {
        return JSON.parse(l) as SampleRecord;
      } catch (e) {
        throw new Error(`${file}:${i + 1}: ${(e as Error).message}`);
      }
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`);
  }
  if (Array.isArray(parsed)) return parsed as SampleRecord[];
  const records = (parsed as { records?: unknown } | null)?.records;
  if (Array.isArray(records)) return records as SampleRecord[];
  throw new Error(`${file}: expected a JSON array of sample records (or {"records": [...]})`);
}

const stderrLogger: PluginLogger = {
  debug: () => {},
  info: () => {},
  warn: (_o, msg) => console.error(msg),
  error: (_o, msg) => console.error(msg),
};

async function tryTransforms(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      config: { type: 'string' },
      records: { type: 'string' },
      'plugin-path': { type: 'string' },
      compact: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.config || !values.records) {
    process.stderr.write(USAGE);
    return 2;
  }
  const config = await loadConnectorFile(values.config);
  const records = await loadRecords(values.records);
  const registry = builtinRegistry();
  const pluginPath = values['plugin-path'] ?? config['plugin.path'];
  if (pluginPath) await loadPluginPath(registry, pluginPath.split(','), stderrLogger);
  const results = previewChain(config, records, registry);
  process.stdout.write(JSON.stringify({ results }, null, values.compact ? undefined : 2) + '\n');
  return 0;
}

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  let code: number;
  try {
    switch (command) {
      case 'try-transforms':
        code = await tryTransforms(rest);
        break;
      case 'new-plugin':
        code = await newPluginCommand(rest);
        break;
      case 'ls':
      case 'status':
        code = await clusterCommand(command, rest);
        break;
      case undefined: case '-h': case '--help': case 'help':
        process.stdout.write(USAGE);
        code = command === undefined ? 2 : 0;
        break;
      default:
        process.stderr.write(`Unknown command: ${command}\n${USAGE}`);
        code = 2;
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`${err instanceof ConfigException ? 'Invalid configuration' : 'Error'}: ${message}\n`);
    code = 1;
  }
  process.exitCode = code;
}
