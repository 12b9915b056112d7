import { execFileSync } from 'node:child_process';
import { RUNTIME_ROOT, RUNTIME_VERSION } from '../plugins/runtimePackage.js';

function gitCommit(): string {
  try {
    return execFileSync('git', ['-C', RUNTIME_ROOT, 'rev-parse', '--short=16', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown'; // not a git checkout (an installed package)
  }
}

/** What GET / reports: the running version (read once, in src/plugins/runtimePackage.ts) and commit. */
export const VERSION = RUNTIME_VERSION;
export const COMMIT = gitCommit();
