import { definePlugins } from '../../src/api/plugin.js';
import { FileStreamSinkConnector } from './FileStreamSinkConnector.js';
import { FileStreamSourceConnector } from './FileStreamSourceConnector.js';
import { VERSION } from './version.js';

export { FileStreamSinkConnector, FileStreamSourceConnector };

export const plugins = definePlugins([
  {
    type: 'source',
    className: 'org.apache.kafka.connect.file.FileStreamSourceConnector',
    aliases: ['FileStreamSourceConnector', 'FileStreamSource'],
    version: VERSION,
    impl: FileStreamSourceConnector,
  },
  {
    type: 'sink',
    className: 'org.apache.kafka.connect.file.FileStreamSinkConnector',
    aliases: ['FileStreamSinkConnector', 'FileStreamSink'],
    version: VERSION,
    impl: FileStreamSinkConnector,
  },
]).plugins;
