#!/usr/bin/env node
import('../dist/src/cli/connect-distributed.js').then((m) => m.main(process.argv.slice(2)), () => {
  console.error('connect-distributed is not available in this build yet');
  process.exit(1);
});
