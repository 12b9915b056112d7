// The connector's own logger, as a third-party plugin brings one. Level from KCONNECT_LOG_LEVEL / LOG_LEVEL.

import { pino, type LevelWithSilent, type Logger } from 'pino';

export const log: Logger = pino({
  name: 'io.debezium.connector.postgresql',
  level: (process.env.KCONNECT_LOG_LEVEL ?? process.env.LOG_LEVEL ?? 'info') as LevelWithSilent,
  base: { pid: process.pid },
});
