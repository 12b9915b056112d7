// kconnect's own package.json, read once: the running version (REST root, plugin SDK ranges, the
// plugin scaffold) and the folder it lives in (the SDK resolve hook, the scaffold's file: link).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding kconnect's package.json (this file is dist/src/plugins/runtimePackage.js). */
export const RUNTIME_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface RuntimePackage {
  version: string;
  devDependencies?: Record<string, string>;
}

function readPackage(): RuntimePackage {
  try {
    return JSON.parse(readFileSync(join(RUNTIME_ROOT, 'package.json'), 'utf8')) as RuntimePackage;
  } catch {
    return { version: '0.0.0' }; // an unusual layout: still runs, reports no real version
  }
}

export const RUNTIME_PACKAGE: Readonly<RuntimePackage> = readPackage();

/** The version of the running kconnect, which plugins' `peerDependencies.kconnect` must admit. */
export const RUNTIME_VERSION: string = RUNTIME_PACKAGE.version;
