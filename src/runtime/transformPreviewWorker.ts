// The thread side of transformPreviewThread.ts: loads the plugins, runs one preview, answers, ends.

import { parentPort, workerData } from 'node:worker_threads';
import { ConfigException } from '../data/errors.js';
import { builtinRegistry } from '../plugins/builtins.js';
import { loadPluginPath } from '../plugins/PluginLoader.js';
import { listValue } from './chainFactory.js';
import { previewChain } from './chainPreview.js';
import type { PreviewReply, PreviewRequest } from './transformPreviewThread.js';

const quiet = { error() {}, warn() {}, info() {}, debug() {} };

async function run(request: PreviewRequest): Promise<PreviewReply> {
  try {
    const registry = builtinRegistry();
    const pluginPath = listValue(request.pluginPath);
    if (pluginPath.length > 0) await loadPluginPath(registry, pluginPath, quiet);
    return { ok: true, results: previewChain(request.config, request.records, registry) };
  } catch (err) {
    return { ok: false, config: err instanceof ConfigException, message: (err as Error).message ?? String(err) };
  }
}

parentPort?.postMessage(await run(workerData as PreviewRequest));
