import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import {
  WorkerConfig, converterConfig, workerClientProps, loadWorkerConfig, originalsWithPrefix,
  parseProperties, parseWorkerConfig, DISTRIBUTED_CONFIG_DEF, STANDALONE_CONFIG_DEF,
} from '../../../src/config/index.js';
import { Password } from '../../../src/api/ConfigDef.js';
import { ConfigException } from '../../../src/data/errors.js';

const STANDALONE = {
  'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
  'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
  'offset.storage.file.filename': '/tmp/connect.offsets',
};

const DISTRIBUTED = {
  'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
  'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
  'group.id': 'connect-cluster',
  'offset.storage.topic': 'connect-offsets',
  'config.storage.topic': 'connect-configs',
  'status.storage.topic': 'connect-status',
};

describe('worker config', () => {
  test("Kafka's defaults", () => {
    const c = new WorkerConfig(STANDALONE);
    assert.deepEqual(c.bootstrapServers, ['localhost:9092']);
    assert.equal(c.headerConverter, 'org.apache.kafka.connect.storage.SimpleHeaderConverter');
    assert.equal(c.offsetFlushIntervalMs, 60000);
    assert.equal(c.offsetFlushTimeoutMs, 5000);
    assert.equal(c.taskShutdownGracefulTimeoutMs, 5000);
    assert.equal(c.pluginPath, null);
    assert.deepEqual(c.listeners, ['http://:8083']);
    assert.equal(c.restAdvertisedHostName, null);
    assert.equal(c.restAdvertisedPort, null);
    assert.equal(c.restAdvertisedListener, null);
    assert.equal(c.accessControlAllowOrigin, '');
    assert.equal(c.accessControlAllowMethods, '');
    assert.deepEqual(c.configProviders, []);
    assert.equal(c.clientId, '');
    assert.equal(c.connectorClientConfigOverridePolicy, 'All');
    assert.equal(c.offsetStorageFileFilename, '/tmp/connect.offsets');
  });

  test('typed values from strings', () => {
    const c = new WorkerConfig({ ...STANDALONE, 'bootstrap.servers': 'a:9092, b:9092', 'plugin.path': '/opt/a,/opt/b',
      'rest.advertised.port': '8084', 'offset.flush.interval.ms': '10000', 'listeners': 'http://0.0.0.0:8083,https://:8443' });
    assert.deepEqual(c.bootstrapServers, ['a:9092', 'b:9092']);
    assert.deepEqual(c.pluginPath, ['/opt/a', '/opt/b']);
    assert.equal(c.restAdvertisedPort, 8084);
    assert.equal(c.offsetFlushIntervalMs, 10000);
    assert.deepEqual(c.listeners, ['http://0.0.0.0:8083', 'https://:8443']);
  });

  test('value.converter and key.converter are required, as in Kafka', () => {
    assert.throws(() => new WorkerConfig({ 'offset.storage.file.filename': 'x', 'key.converter': 'K' }),
      { message: 'Missing required configuration "value.converter" which has no default value.' });
  });

  test('standalone needs offset.storage.file.filename; distributed needs group.id and the storage topics', () => {
    const { 'offset.storage.file.filename': _, ...noFile } = STANDALONE;
    assert.throws(() => new WorkerConfig(noFile, 'standalone'),
      { message: 'Missing required configuration "offset.storage.file.filename" which has no default value.' });
    const { 'group.id': __, ...noGroup } = DISTRIBUTED;
    assert.throws(() => new WorkerConfig(noGroup, 'distributed'),
      { message: 'Missing required configuration "group.id" which has no default value.' });
    const d = new WorkerConfig(DISTRIBUTED, 'distributed');
    assert.equal(d.groupId, 'connect-cluster');
    assert.equal(d.getShort('offset.storage.replication.factor'), 3);
    assert.equal(d.getInt('offset.storage.partitions'), 25);
    assert.equal(d.getInt('status.storage.partitions'), 5);
  });

  test('errors name the key, in Kafka\'s words', () => {
    assert.throws(() => new WorkerConfig({ ...STANDALONE, listeners: '' }),
      { message: 'Invalid value for listeners, at least one URL is expected, ex: http://localhost:8080,https://localhost:8443.' });
    assert.throws(() => new WorkerConfig({ ...STANDALONE, listeners: 'http://:8083,' }),
      (e: unknown) => e instanceof ConfigException && e.key === 'listeners' && e.message === 'Empty URL found when parsing listeners list.');
    assert.throws(() => new WorkerConfig({ ...STANDALONE, 'plugin.discovery': 'bad' }),
      { message: 'Invalid value bad for configuration plugin.discovery: String must be one of (case insensitive): ONLY_SCAN, SERVICE_LOAD, HYBRID_WARN, HYBRID_FAIL' });
    assert.throws(() => new WorkerConfig({ ...DISTRIBUTED, 'offset.storage.replication.factor': '0' }, 'distributed'),
      { message: "Invalid value 0 for configuration offset.storage.replication.factor: Replication factor must be positive and not larger than the number of brokers in the Kafka cluster, or -1 to use the broker's default" });
    assert.throws(() => new WorkerConfig({ ...DISTRIBUTED, 'status.storage.partitions': '-2' }, 'distributed'),
      { message: "Invalid value -2 for configuration status.storage.partitions: Number of partitions must be positive, or -1 to use the broker's default" });
    assert.throws(() => new WorkerConfig({ ...DISTRIBUTED, 'connect.protocol': 'bogus' }, 'distributed'),
      { message: 'Invalid value bogus for configuration connect.protocol: Invalid Connect protocol compatibility' });
    assert.equal(new WorkerConfig({ ...DISTRIBUTED, 'offset.storage.replication.factor': '-1' }, 'distributed')
      .getShort('offset.storage.replication.factor'), -1);
  });

  test('parseWorkerConfig puts the source in front of the message and keeps the key', () => {
    assert.throws(() => parseWorkerConfig({ ...STANDALONE, 'offset.flush.interval.ms': 'abc' }, 'standalone', 'config/connect-standalone.properties'),
      (e: unknown) => {
        assert.ok(e instanceof ConfigException);
        assert.equal(e.message, 'config/connect-standalone.properties: Invalid value abc for configuration offset.flush.interval.ms: Not a number of type LONG');
        assert.equal(e.key, 'offset.flush.interval.ms');
        return true;
      });
  });

  test('loadWorkerConfig returns the parsed config and the raw map; errors name the file and key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kconnect-worker-'));
    try {
      const good = join(dir, 'worker.properties');
      await writeFile(good, 'key.converter=org.apache.kafka.connect.storage.StringConverter\nvalue.converter=org.apache.kafka.connect.json.JsonConverter\n'
        + 'value.converter.schemas.enable=false\noffset.storage.file.filename=/tmp/o\nmy.custom.key=kept\n');
      const c = await loadWorkerConfig(good);
      assert.equal(c.valueConverter, 'org.apache.kafka.connect.json.JsonConverter');
      assert.equal(c.raw['my.custom.key'], 'kept');
      assert.deepEqual(Object.keys(c.raw), ['key.converter', 'value.converter', 'value.converter.schemas.enable', 'offset.storage.file.filename', 'my.custom.key']);
      assert.equal(c.config['offset.flush.interval.ms'], 60000);
      assert.equal(c.values, c.config);

      const bad = join(dir, 'bad.properties');
      await writeFile(bad, 'key.converter=K\nvalue.converter=V\noffset.storage.file.filename=/tmp/o\noffset.flush.interval.ms=abc\n');
      await assert.rejects(loadWorkerConfig(bad), {
        message: `${bad}: Invalid value abc for configuration offset.flush.interval.ms: Not a number of type LONG`,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('unknown keys are kept raw and listed, not rejected; pass-through prefixes are not unknown', () => {
    const c = new WorkerConfig({ ...STANDALONE, 'my.custom.key': 'x', 'producer.acks': '1', 'key.converter.schemas.enable': 'false' });
    assert.equal(c.raw['my.custom.key'], 'x');
    assert.equal(c.originals()['my.custom.key'], 'x');
    assert.deepEqual(c.unknownKeys(), ['my.custom.key']);
    assert.equal(Object.prototype.hasOwnProperty.call(c.values, 'my.custom.key'), false);
  });

  test('secrets in the worker config are Passwords', () => {
    const c = new WorkerConfig({ ...STANDALONE, 'sasl.jaas.config': 'org.apache.kafka.common.security.plain.PlainLoginModule required password="p4ss";' });
    assert.ok(c.getPassword('sasl.jaas.config') instanceof Password);
    assert.ok(!inspect(c.values).includes('p4ss'));
  });
});

describe('prefixed sub-configs', () => {
  const props = parseProperties([
    'bootstrap.servers=broker:9092',
    'key.converter=org.apache.kafka.connect.json.JsonConverter',
    'key.converter.schemas.enable=true',
    'value.converter=org.apache.kafka.connect.avro.AvroConverter',
    'value.converter.schema.registry.url=http://registry:8081',
    'header.converter.=ignored',
    'producer.acks=all',
    'producer.compression.type=lz4',
    'consumer.max.poll.records=100',
    'admin.request.timeout.ms=1000',
    'offset.storage.file.filename=/tmp/o',
    'config.providers=file',
    'config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider',
  ].join('\n'));

  test('originalsWithPrefix strips the prefix (or not), and skips the bare prefix', () => {
    assert.deepEqual(originalsWithPrefix(props, 'producer.'), { acks: 'all', 'compression.type': 'lz4' });
    assert.deepEqual(originalsWithPrefix(props, 'producer.', false), { 'producer.acks': 'all', 'producer.compression.type': 'lz4' });
    assert.deepEqual(originalsWithPrefix(props, 'header.converter.'), {});
  });

  test('converter configs: key.converter.schemas.enable → { schemas.enable } for the key converter', () => {
    assert.deepEqual(converterConfig(props, 'key'), { 'schemas.enable': 'true' });
    assert.deepEqual(converterConfig(props, 'value'), { 'schema.registry.url': 'http://registry:8081' });
    assert.deepEqual(converterConfig(props, 'header'), {});
  });

  test('client props: shared connection settings, then each client\'s own prefix', () => {
    const withSecurity = new Map([...props, ['security.protocol', 'SASL_SSL'], ['sasl.mechanism', 'PLAIN'], ['admin.listeners', 'http://:8084']]);
    const clients = workerClientProps(withSecurity);
    assert.deepEqual(clients.common, { 'bootstrap.servers': 'broker:9092', 'security.protocol': 'SASL_SSL', 'sasl.mechanism': 'PLAIN' });
    assert.deepEqual(clients.producer, { acks: 'all', 'compression.type': 'lz4' });
    assert.deepEqual(clients.consumer, { 'max.poll.records': '100' });
    assert.equal(clients.admin['request.timeout.ms'], '1000');
    assert.equal(clients.admin['listeners'], undefined, 'admin.listeners is the REST admin endpoint, not a client setting');
    assert.deepEqual(new WorkerConfig(withSecurity).clientProps(), clients);
  });

  test('the definitions are shared, compiled once and reusable', () => {
    assert.ok(STANDALONE_CONFIG_DEF.names().includes('offset.storage.file.filename'));
    assert.ok(!DISTRIBUTED_CONFIG_DEF.names().includes('offset.storage.file.filename'));
    assert.ok(DISTRIBUTED_CONFIG_DEF.names().includes('group.id'));
  });
});
