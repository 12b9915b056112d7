// Change data capture from PostgreSQL over logical replication (pgoutput), configured and shaped
// exactly like Debezium's PostgresConnector: its class name resolves here, its configs run unchanged.

import { definePlugins } from 'kconnect';
import { PostgresCdcConnector } from './PostgresCdcConnector.js';
import { VERSION } from './version.js';

export { PostgresCdcConnector };
export { PostgresCdcTask } from './PostgresCdcTask.js';

export const plugins = definePlugins([
  {
    type: 'source',
    className: 'io.debezium.connector.postgresql.PostgresConnector',
    aliases: ['PostgresCdc', 'PostgresCdcSource'],
    version: VERSION,
    impl: PostgresCdcConnector,
  },
]).plugins;
