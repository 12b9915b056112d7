#!/usr/bin/env node
import('../dist/src/cli/connect-standalone.js').then((m) => m.main(process.argv.slice(2)));
