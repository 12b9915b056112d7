// The sample files in config/ carry exactly the keys and values of Apache Kafka's own config/
// files of the same names, and parse and validate here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import {
  SinkConnectorConfig, SourceConnectorConfig, configErrors, loadPropertiesFile, loadWorkerConfig, parseConnectorConfig,
  validateConnectorConfig,
} from '../../../src/config/index.js';

// dist/test/unit/config/ → repository root
const configDir = fileURLToPath(new URL('../../../../config/', import.meta.url));
const sample = (name: string): string => `${configDir}${name}`;

test('config/connect-standalone.properties: Kafka\'s keys and values; a valid standalone worker config', async () => {
  assert.deepEqual(Object.fromEntries(await loadPropertiesFile(sample('connect-standalone.properties'))), {
    'bootstrap.servers': 'localhost:9092',
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'key.converter.schemas.enable': 'true',
    'value.converter.schemas.enable': 'true',
    'offset.storage.file.filename': '/tmp/connect.offsets',
    'offset.flush.interval.ms': '10000',
  });
  const c = await loadWorkerConfig(sample('connect-standalone.properties'), 'standalone');
  assert.deepEqual(c.bootstrapServers, ['localhost:9092']);
  assert.equal(c.keyConverter, 'org.apache.kafka.connect.json.JsonConverter');
  assert.deepEqual(c.converterConfig('key'), { 'schemas.enable': 'true' });
  assert.deepEqual(c.converterConfig('value'), { 'schemas.enable': 'true' });
  assert.equal(c.offsetStorageFileFilename, '/tmp/connect.offsets');
  assert.equal(c.offsetFlushIntervalMs, 10000);
  assert.equal(c.pluginPath, null);
  assert.deepEqual(c.unknownKeys(), []);
});

test('config/connect-distributed.properties: Kafka\'s keys and values; a valid distributed worker config', async () => {
  assert.deepEqual(Object.fromEntries(await loadPropertiesFile(sample('connect-distributed.properties'))), {
    'bootstrap.servers': 'localhost:9092',
    'group.id': 'connect-cluster',
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'key.converter.schemas.enable': 'true',
    'value.converter.schemas.enable': 'true',
    'offset.storage.topic': 'connect-offsets',
    'offset.storage.replication.factor': '1',
    'config.storage.topic': 'connect-configs',
    'config.storage.replication.factor': '1',
    'status.storage.topic': 'connect-status',
    'status.storage.replication.factor': '1',
    'offset.flush.interval.ms': '10000',
  });
  const c = await loadWorkerConfig(sample('connect-distributed.properties'), 'distributed');
  assert.equal(c.groupId, 'connect-cluster');
  assert.equal(c.getString('config.storage.topic'), 'connect-configs');
  assert.equal(c.getShort('status.storage.replication.factor'), 1);
  assert.equal(c.getInt('offset.storage.partitions'), 25);
  assert.deepEqual(c.listeners, ['http://:8083']);
  assert.deepEqual(c.unknownKeys(), []);
});

test('config/connect-file-source.properties: Kafka\'s keys and values; a valid source connector config', async () => {
  const raw = await loadPropertiesFile(sample('connect-file-source.properties'));
  assert.deepEqual(Object.fromEntries(raw), {
    name: 'local-file-source', 'connector.class': 'FileStreamSource', 'tasks.max': '1', file: 'test.txt', topic: 'connect-test',
  });
  const c = parseConnectorConfig(raw, { type: 'source' });
  assert.ok(c instanceof SourceConnectorConfig);
  assert.equal(c.name, 'local-file-source');
  assert.equal(c.tasksMax, 1);
  assert.equal(c.raw['topic'], 'connect-test');
  assert.deepEqual(configErrors(validateConnectorConfig(raw, { type: 'source' })), []);
});

test('config/connect-file-sink.properties: Kafka\'s keys and values; a valid sink connector config', async () => {
  const raw = await loadPropertiesFile(sample('connect-file-sink.properties'));
  assert.deepEqual(Object.fromEntries(raw), {
    name: 'local-file-sink', 'connector.class': 'FileStreamSink', 'tasks.max': '1', file: 'test.sink.txt', topics: 'connect-test',
  });
  const c = parseConnectorConfig(raw, { type: 'sink' });
  assert.ok(c instanceof SinkConnectorConfig);
  assert.deepEqual(c.topics, ['connect-test']);
  assert.equal(c.raw['file'], 'test.sink.txt');
  assert.deepEqual(configErrors(validateConnectorConfig(raw, { type: 'sink' })), []);
});
