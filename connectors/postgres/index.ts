// PostgreSQL source and sink connectors, configured like Confluent's JDBC connectors: their class
// names resolve here, and configs whose connection.url is PostgreSQL run unchanged.

import { definePlugins } from 'kconnect';
import { PostgresSinkConnector } from './PostgresSinkConnector.js';
import { PostgresSourceConnector } from './PostgresSourceConnector.js';
import { VERSION } from './version.js';

export { PostgresSinkConnector, PostgresSourceConnector };
export { PostgresSinkTask } from './PostgresSinkTask.js';
export { PostgresSourceTask } from './PostgresSourceTask.js';

export const plugins = definePlugins([
  {
    type: 'source',
    className: 'io.kconnect.postgres.PostgresSourceConnector',
    aliases: ['io.confluent.connect.jdbc.JdbcSourceConnector', 'JdbcSourceConnector'],
    version: VERSION,
    impl: PostgresSourceConnector,
  },
  {
    type: 'sink',
    className: 'io.kconnect.postgres.PostgresSinkConnector',
    aliases: ['io.confluent.connect.jdbc.JdbcSinkConnector', 'JdbcSinkConnector'],
    version: VERSION,
    impl: PostgresSinkConnector,
  },
]).plugins;
