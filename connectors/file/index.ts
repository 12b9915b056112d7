import { definePlugins } from 'kconnect';
import { FileStreamSinkConnector } from './FileStreamSinkConnector.js';
import { FileStreamSourceConnector } from './FileStreamSourceConnector.js';
import { VERSION } from './version.js';

export { FileStreamSinkConnector, FileStreamSourceConnector };

export const plugins = definePlugins([
  {
    type: 'source',
    className: 'org.apache.kafka.connect.file.FileStreamSourceConnector',
    version: VERSION,
    impl: FileStreamSourceConnector,
  },
  {
    type: 'sink',
    className: 'org.apache.kafka.connect.file.FileStreamSinkConnector',
    version: VERSION,
    impl: FileStreamSinkConnector,
  },
]).plugins;
