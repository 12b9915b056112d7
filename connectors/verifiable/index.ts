import { definePlugins } from 'kconnect';
import { VerifiableSinkConnector } from './VerifiableSinkConnector.js';
import { VerifiableSourceConnector } from './VerifiableSourceConnector.js';
import { VERSION } from './version.js';

export { VerifiableSinkConnector, VerifiableSourceConnector };

/** Test connectors, named as Kafka's own (org.apache.kafka.connect.tools.Verifiable*Connector). */
export const plugins = definePlugins([
  {
    type: 'source',
    className: 'org.apache.kafka.connect.tools.VerifiableSourceConnector',
    version: VERSION,
    impl: VerifiableSourceConnector,
  },
  {
    type: 'sink',
    className: 'org.apache.kafka.connect.tools.VerifiableSinkConnector',
    version: VERSION,
    impl: VerifiableSinkConnector,
  },
]).plugins;
