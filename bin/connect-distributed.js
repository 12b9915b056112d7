#!/usr/bin/env node
import('../dist/src/cli/connect-distributed.js').then((m) => m.main(process.argv.slice(2)));
