// The connector's own logger: a plugin brings its own, like a third-party connector would. Level from
// KCONNECT_LOG_LEVEL / LOG_LEVEL, as the runtime's.

import { pino, type LevelWithSilent, type Logger } from 'pino';

export const log: Logger = pino({
  name: 'io.kconnect.postgres',
  level: (process.env.KCONNECT_LOG_LEVEL ?? process.env.LOG_LEVEL ?? 'info') as LevelWithSilent,
  base: { pid: process.pid },
});
