#!/usr/bin/env node
// Task threads start loading the runtime first, alongside the main thread (src/runtime/threads/prewarm.ts).
import('../dist/src/runtime/threads/prewarm.js')
  .then((threads) => threads.prewarmTaskThreads())
  .then(() => import('../dist/src/cli/connect-standalone.js'))
  .then((m) => m.main(process.argv.slice(2)));
