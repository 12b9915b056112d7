import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConnectorConfig, SinkConnectorConfig, SourceConnectorConfig, configErrors, parseConnectorConfig,
  predicateAliases, subConfig, transformAliases, transformSpecs, validateConnectorConfig, validateSinkConnectorConfig,
} from '../../../src/config/index.js';
import { ConfigDef, Validators } from '../../../src/api/ConfigDef.js';
import { ConfigException } from '../../../src/data/errors.js';

const BASE = { name: 'my-connector', 'connector.class': 'FileStreamSink' };
const SINK = { ...BASE, topics: 'orders' };

/** Asserts a ConfigException with this message whose key is `key`. */
const throwsFor = (fn: () => unknown, key: string, message: string): void => {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ConfigException, `expected ConfigException, got ${String(e)}`);
    assert.equal(e.message, message);
    assert.equal(e.key, key);
    return true;
  });
};

describe('connector config', () => {
  test("Kafka's defaults", () => {
    const c = new ConnectorConfig(BASE);
    assert.equal(c.name, 'my-connector');
    assert.equal(c.connectorClass, 'FileStreamSink');
    assert.equal(c.tasksMax, 1);
    assert.equal(c.keyConverter, null);
    assert.equal(c.valueConverter, null);
    assert.equal(c.headerConverter, null);
    assert.deepEqual(c.transformAliases(), []);
    assert.equal(c.configActionReload, 'restart');
    assert.equal(c.errorsRetryTimeoutMs, 0);
    assert.equal(c.errorsRetryDelayMaxMs, 60000);
    assert.equal(c.errorsTolerance, 'none');
    assert.equal(c.errorsLogEnable, false);
    assert.equal(c.errorsLogIncludeMessages, false);
  });

  test('name and connector.class are required; name must be non-empty', () => {
    throwsFor(() => new ConnectorConfig({ 'connector.class': 'X' }), 'name', 'Missing required configuration "name" which has no default value.');
    throwsFor(() => new ConnectorConfig({ name: 'n' }), 'connector.class', 'Missing required configuration "connector.class" which has no default value.');
    throwsFor(() => new ConnectorConfig({ ...BASE, name: '  ' }), 'name', 'Invalid value  for configuration name: String may not be empty');
    throwsFor(() => new ConnectorConfig({ ...BASE, name: 'a\tb' }), 'name',
      'Invalid value a\tb for configuration name: String may not contain control sequences but had the following ASCII chars: 9');
  });

  test('tasks.max is an INT of at least 1', () => {
    throwsFor(() => new ConnectorConfig({ ...BASE, 'tasks.max': 'abc' }), 'tasks.max', 'Invalid value abc for configuration tasks.max: Not a number of type INT');
    throwsFor(() => new ConnectorConfig({ ...BASE, 'tasks.max': '0' }), 'tasks.max', 'Invalid value 0 for configuration tasks.max: Value must be at least 1');
    assert.equal(new ConnectorConfig({ ...BASE, 'tasks.max': '4' }).tasksMax, 4);
  });

  test('errors.* keys', () => {
    throwsFor(() => new ConnectorConfig({ ...BASE, 'errors.tolerance': 'some' }), 'errors.tolerance',
      'Invalid value some for configuration errors.tolerance: String must be one of: none, all');
    throwsFor(() => new ConnectorConfig({ ...BASE, 'errors.retry.timeout': '1.5' }), 'errors.retry.timeout',
      'Invalid value 1.5 for configuration errors.retry.timeout: Not a number of type LONG');
    throwsFor(() => new ConnectorConfig({ ...BASE, 'errors.log.enable': 'yes' }), 'errors.log.enable',
      'Invalid value yes for configuration errors.log.enable: Expected value to be either true or false');
    throwsFor(() => new ConnectorConfig({ ...BASE, 'config.action.reload': 'x' }), 'config.action.reload',
      'Invalid value x for configuration config.action.reload: String must be one of: none, restart');
    const c = new ConnectorConfig({ ...BASE, 'errors.tolerance': 'all', 'errors.retry.timeout': '-1', 'errors.log.enable': 'true' });
    assert.equal(c.errorsTolerance, 'all');
    assert.equal(c.errorsRetryTimeoutMs, -1);
    assert.equal(c.errorsLogEnable, true);
  });

  test('converter overrides and their settings', () => {
    const c = new ConnectorConfig({ ...BASE, 'value.converter': 'org.apache.kafka.connect.json.JsonConverter', 'value.converter.schemas.enable': 'false',
      'producer.override.linger.ms': '5', 'consumer.override.max.poll.records': '10', 'admin.override.retries': '1' });
    assert.equal(c.valueConverter, 'org.apache.kafka.connect.json.JsonConverter');
    assert.deepEqual(c.converterConfig('value'), { 'schemas.enable': 'false' });
    assert.deepEqual(c.producerOverrides(), { 'linger.ms': '5' });
    assert.deepEqual(c.consumerOverrides(), { 'max.poll.records': '10' });
    assert.deepEqual(c.adminOverrides(), { retries: '1' });
  });

  test('connector-specific keys are kept raw', () => {
    const c = new ConnectorConfig({ ...BASE, file: '/tmp/x.txt' });
    assert.equal(c.raw['file'], '/tmp/x.txt');
    assert.deepEqual(c.unknownKeys(), ['file']);
  });

  test('parseConnectorConfig prefixes errors with the source', () => {
    throwsFor(() => parseConnectorConfig({ ...BASE, 'tasks.max': 'x' }, {}, 'config/my.properties'), 'tasks.max',
      'config/my.properties: Invalid value x for configuration tasks.max: Not a number of type INT');
  });
});

describe('sink connector config', () => {
  test('topics, DLQ and their defaults', () => {
    const c = new SinkConnectorConfig({ ...SINK, topics: 'orders, payments,orders,' });
    assert.deepEqual(c.topics, ['orders', 'payments']);
    assert.equal(c.topicsRegex, null);
    assert.equal(c.dlqTopicName, '');
    assert.equal(c.dlqTopicReplicationFactor, 3);
    assert.equal(c.dlqContextHeadersEnable, false);
    assert.equal(c.enableErrantRecordReporter, false);
    const r = new SinkConnectorConfig({ ...BASE, 'topics.regex': 'orders-.*' });
    assert.ok(r.topicsRegex!.test('orders-eu'));
    assert.ok(!r.topicsRegex!.test('x-orders-eu'));
  });

  test('exactly one of topics and topics.regex', () => {
    throwsFor(() => new SinkConnectorConfig(BASE), 'topics', 'Invalid value null for configuration topics: Must configure one of topics or topics.regex');
    throwsFor(() => new SinkConnectorConfig({ ...BASE, topics: '  ' }), 'topics', 'Invalid value    for configuration topics: Must configure one of topics or topics.regex');
    throwsFor(() => new SinkConnectorConfig({ ...BASE, topics: 'a,b', 'topics.regex': 'x.*' }), 'topics',
      'Invalid value a,b for configuration topics: topics and topics.regex are mutually exclusive options, but both are set.');
  });

  test('the DLQ topic may not be one of the consumed topics', () => {
    throwsFor(() => new SinkConnectorConfig({ ...BASE, topics: 'a, dlq ,b', 'errors.deadletterqueue.topic.name': 'dlq' }), 'topics',
      "Invalid value a, dlq ,b for configuration topics: The DLQ topic 'dlq' may not be included in the list of topics ('topics=[a, dlq, b]') consumed by the connector");
    throwsFor(() => new SinkConnectorConfig({ ...BASE, 'topics.regex': 'd.*', 'errors.deadletterqueue.topic.name': 'dlq' }), 'topics.regex',
      "Invalid value d.* for configuration topics.regex: The DLQ topic 'dlq' may not be matched by the regex for the topics ('topics.regex=d.*') consumed by the connector");
    const ok = new SinkConnectorConfig({ ...SINK, 'errors.deadletterqueue.topic.name': 'orders-dlq', 'errors.tolerance': 'all' });
    assert.equal(ok.dlqTopicName, 'orders-dlq');
    assert.equal(ok.enableErrantRecordReporter, true);
  });

  test('topics.regex must compile; the replication factor is a SHORT', () => {
    assert.throws(() => new SinkConnectorConfig({ ...BASE, 'topics.regex': '[' }),
      /^ConfigException: Invalid value \[ for configuration topics\.regex: Invalid regex: /);
    throwsFor(() => new SinkConnectorConfig({ ...SINK, 'errors.deadletterqueue.topic.replication.factor': '40000' }),
      'errors.deadletterqueue.topic.replication.factor',
      'Invalid value 40000 for configuration errors.deadletterqueue.topic.replication.factor: Not a number of type SHORT');
  });

  test('validateSinkConnectorConfig adds its errors under both keys', () => {
    const values = validateSinkConnectorConfig({ ...BASE, topics: 'a', 'topics.regex': 'b' });
    assert.deepEqual(values.get('topics')!.errorMessages, ['topics and topics.regex are mutually exclusive options, but both are set.']);
    assert.deepEqual(values.get('topics.regex')!.errorMessages, ['topics and topics.regex are mutually exclusive options, but both are set.']);
  });

  test('parseConnectorConfig with type sink gives a SinkConnectorConfig', () => {
    const c = parseConnectorConfig(SINK, { type: 'sink' });
    assert.ok(c instanceof SinkConnectorConfig);
    assert.deepEqual(c.topics, ['orders']);
  });
});

describe('source connector config', () => {
  test('defaults and Kafka\'s checks', () => {
    const c = new SourceConnectorConfig(BASE);
    assert.deepEqual(c.topicCreationGroups, []);
    assert.equal(c.exactlyOnceSupport, 'requested');
    assert.equal(c.transactionBoundary, 'poll');
    assert.equal(c.transactionBoundaryIntervalMs, null);
    assert.equal(c.offsetsStorageTopic, null);
    assert.equal(c.usesTopicCreation, false);
    assert.equal(new SourceConnectorConfig({ ...BASE, 'exactly.once.support': 'REQUIRED' }).exactlyOnceSupport, 'required');
    throwsFor(() => new SourceConnectorConfig({ ...BASE, 'exactly.once.support': 'maybe' }), 'exactly.once.support',
      'Invalid value maybe for configuration exactly.once.support: String must be one of (case insensitive): REQUIRED, REQUESTED');
    throwsFor(() => new SourceConnectorConfig({ ...BASE, 'transaction.boundary': 'x' }), 'transaction.boundary',
      'Invalid value x for configuration transaction.boundary: String must be one of (case insensitive): INTERVAL, POLL, CONNECTOR');
    throwsFor(() => new SourceConnectorConfig({ ...BASE, 'transaction.boundary.interval.ms': '-1' }), 'transaction.boundary.interval.ms',
      'Invalid value -1 for configuration transaction.boundary.interval.ms: Value must be at least 0');
    throwsFor(() => new SourceConnectorConfig({ ...BASE, 'offsets.storage.topic': '' }), 'offsets.storage.topic',
      'Invalid value  for configuration offsets.storage.topic: String must be non-empty');
    throwsFor(() => new SourceConnectorConfig({ ...BASE, 'topic.creation.groups': 'g,g' }), 'topic.creation.groups',
      'Invalid value [g, g] for configuration topic.creation.groups: Duplicate alias provided.');
  });
});

describe('transforms and predicates', () => {
  const PROPS = {
    ...SINK,
    transforms: 'addTs, dropNulls',
    'transforms.addTs.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
    'transforms.addTs.timestamp.field': 'ts',
    'transforms.dropNulls.type': 'org.apache.kafka.connect.transforms.Filter',
    'transforms.dropNulls.predicate': 'isTombstone',
    'transforms.dropNulls.negate': 'false',
    predicates: 'isTombstone',
    'predicates.isTombstone.type': 'org.apache.kafka.connect.transforms.predicates.RecordIsTombstone',
  };

  test('alias helpers and subConfig', () => {
    assert.deepEqual(transformAliases(PROPS), ['addTs', 'dropNulls']);
    assert.deepEqual(predicateAliases(PROPS), ['isTombstone']);
    assert.deepEqual(transformAliases({}), []);
    assert.deepEqual(subConfig(PROPS, 'transforms.addTs.'), {
      type: 'org.apache.kafka.connect.transforms.InsertField$Value', 'timestamp.field': 'ts',
    });
  });

  test('transformSpecs resolves the chain with its predicates', () => {
    assert.deepEqual(transformSpecs(PROPS), [
      { alias: 'addTs', type: 'org.apache.kafka.connect.transforms.InsertField$Value', predicate: null, negate: false,
        config: { type: 'org.apache.kafka.connect.transforms.InsertField$Value', 'timestamp.field': 'ts' } },
      { alias: 'dropNulls', type: 'org.apache.kafka.connect.transforms.Filter', negate: false,
        predicate: { alias: 'isTombstone', type: 'org.apache.kafka.connect.transforms.predicates.RecordIsTombstone',
          config: { type: 'org.apache.kafka.connect.transforms.predicates.RecordIsTombstone' } },
        config: { type: 'org.apache.kafka.connect.transforms.Filter' } },
    ]);
    const c = new SinkConnectorConfig({ ...PROPS, 'transforms.dropNulls.negate': 'TRUE' });
    assert.equal(c.transforms()[1]!.negate, true);
    assert.equal(c.values['transforms.dropNulls.negate'], true);
    assert.equal(c.values['transforms.addTs.type'], 'org.apache.kafka.connect.transforms.InsertField$Value');
  });

  test('every alias in transforms needs a .type', () => {
    throwsFor(() => new ConnectorConfig({ ...BASE, transforms: 'a' }), 'transforms.a.type',
      'Invalid value null for configuration transforms.a.type: Not a Transformation');
  });

  test('every alias in predicates needs a .type', () => {
    throwsFor(() => new ConnectorConfig({ ...BASE, predicates: 'p' }), 'predicates.p.type',
      'Invalid value null for configuration predicates.p.type: Not a Predicate');
  });

  test('a predicate a transform refers to must be declared in predicates', () => {
    throwsFor(() => new ConnectorConfig({ ...BASE, transforms: 't', 'transforms.t.type': 'Filter', 'transforms.t.predicate': 'nope' }),
      'transforms.t.predicate',
      "Invalid value nope for configuration transforms.t.predicate: No predicate with alias 'nope' is listed in 'predicates'");
  });

  test('negate needs a predicate', () => {
    throwsFor(() => new ConnectorConfig({ ...BASE, transforms: 't', 'transforms.t.type': 'Filter', 'transforms.t.negate': 'true' }),
      'transforms.t.negate',
      "Config 'transforms.t.negate' was provided but there is no config 'transforms.t.predicate' defining a predicate to be negated.");
    throwsFor(() => new ConnectorConfig({ ...PROPS, 'transforms.dropNulls.negate': 'maybe' }), 'transforms.dropNulls.negate',
      'Invalid value maybe for configuration transforms.dropNulls.negate: Expected value to be either true or false');
  });

  test('duplicate aliases are rejected', () => {
    throwsFor(() => new ConnectorConfig({ ...BASE, transforms: 'a,a', 'transforms.a.type': 'X' }), 'transforms',
      'Invalid value [a, a] for configuration transforms: Duplicate alias provided.');
  });

  test("a transform's own ConfigDef, when the caller can resolve it, validates its keys", () => {
    const insertField = new ConfigDef()
      .define('timestamp.field', 'STRING', null)
      .define('offset.field', 'STRING', null, Validators.nonEmptyString());
    const options = { transformationConfigDef: (cls: string) => (cls.endsWith('InsertField$Value') ? insertField : undefined) };
    throwsFor(() => new ConnectorConfig({ ...PROPS, 'transforms.addTs.offset.field': '' }, options), 'transforms.addTs.offset.field',
      'Invalid value  for configuration transforms.addTs.offset.field: String must be non-empty');
    const c = new ConnectorConfig(PROPS, options);
    assert.equal(c.values['transforms.addTs.timestamp.field'], 'ts');
  });
});

describe('validateConnectorConfig (REST config/validate)', () => {
  test('reports every key, with all errors, including sink and transform checks', () => {
    const values = validateConnectorConfig({ name: '', 'tasks.max': '0', transforms: 't', 'transforms.t.predicate': 'p' }, { type: 'sink' });
    const byName = new Map(values.map((v) => [v.name, v]));
    assert.deepEqual(byName.get('name')!.errorMessages, ['Invalid value  for configuration name: String may not be empty']);
    assert.deepEqual(byName.get('connector.class')!.errorMessages, ['Missing required configuration "connector.class" which has no default value.']);
    assert.deepEqual(byName.get('tasks.max')!.errorMessages, ['Invalid value 0 for configuration tasks.max: Value must be at least 1']);
    assert.deepEqual(byName.get('transforms.t.type')!.errorMessages, ['Missing required configuration "transforms.t.type" which has no default value.']);
    assert.deepEqual(byName.get('transforms.t.predicate')!.errorMessages,
      ["Invalid value p for configuration transforms.t.predicate: No predicate with alias 'p' is listed in 'predicates'"]);
    assert.deepEqual(byName.get('topics')!.errorMessages, ['Must configure one of topics or topics.regex']);
    assert.deepEqual(byName.get('errors.tolerance')!.errorMessages, []);
    assert.equal(byName.get('transforms.t.type')!.value, null);
    const negate = validateConnectorConfig({ ...SINK, transforms: 't', 'transforms.t.type': 'Filter', 'transforms.t.negate': 'true' }, { type: 'sink' });
    assert.deepEqual(configErrors(negate), ["Config 'transforms.t.negate' was provided but there is no config 'transforms.t.predicate' defining a predicate to be negated."]);
    assert.equal(configErrors(values).length, 7);
  });

  test('a valid config has no errors', () => {
    assert.deepEqual(configErrors(validateConnectorConfig(SINK, { type: 'sink' })), []);
  });
});
