// The built-in transforms and predicates as the worker uses them: registered from the manifests,
// resolved by any of their names, and chained by buildTransformationChain.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigException, DataException } from '../../../src/data/errors.js';
import { ConnectHeaders } from '../../../src/data/Headers.js';
import { Schema } from '../../../src/data/Schema.js';
import type { SourceRecord } from '../../../src/data/SourceRecord.js';
import type { Struct } from '../../../src/data/Struct.js';
import { buildTransformationChain } from '../../../src/runtime/chainFactory.js';
import { plugins as predicatePlugins } from '../../../predicates/index.js';
import { plugins as transformPlugins } from '../../../transforms/index.js';
import { InsertFieldValue } from '../../../transforms/InsertField.js';
import { builtinTransformsRegistry, sourceRecord } from './helpers.js';

const registry = builtinTransformsRegistry();

describe('transform and predicate manifests', () => {
  it('register every Kafka transform under its Java class name, Kafka alias and TS class name', () => {
    const names = transformPlugins.map((p) => p.className).sort();
    const expected = ['Cast', 'ExtractField', 'Flatten', 'HeaderFrom', 'HoistField', 'InsertField', 'MaskField', 'ReplaceField',
      'SetSchemaMetadata', 'TimestampConverter'].flatMap((n) => [`${n}$Key`, `${n}$Value`])
      .concat(['DropHeaders', 'Filter', 'InsertHeader', 'RegexRouter', 'TimestampRouter', 'ValueToKey'])
      .map((n) => `org.apache.kafka.connect.transforms.${n}`).sort();
    assert.deepEqual(names, expected);
    for (const p of transformPlugins) assert.equal(p.type, 'transformation');
    for (const name of ['org.apache.kafka.connect.transforms.InsertField$Value', 'InsertField$Value', 'InsertFieldValue']) {
      assert.equal(registry.resolve(name, ['transformation']).impl, InsertFieldValue, name);
    }
    assert.equal(registry.resolve('Filter', ['transformation']).className, 'org.apache.kafka.connect.transforms.Filter');
  });

  it('register the predicates', () => {
    assert.deepEqual(predicatePlugins.map((p) => p.className).sort(), [
      'org.apache.kafka.connect.transforms.predicates.HasHeaderKey',
      'org.apache.kafka.connect.transforms.predicates.RecordIsTombstone',
      'org.apache.kafka.connect.transforms.predicates.TopicNameMatches',
    ]);
    assert.equal(registry.resolve('TopicNameMatches', ['predicate']).className, 'org.apache.kafka.connect.transforms.predicates.TopicNameMatches');
  });

  it('give every class a ConfigDef and a version', () => {
    for (const p of [...transformPlugins, ...predicatePlugins]) {
      const instance = new (p.impl as new () => { config(): { names(): string[] }; version(): string })();
      assert.ok(Array.isArray(instance.config().names()), p.className);
      assert.equal(instance.version(), p.version, p.className);
    }
  });
});

describe('chains of built-in transforms', () => {
  it('runs Kafka\'s documented HoistField + InsertField example', () => {
    const chain = buildTransformationChain<SourceRecord>({
      transforms: 'MakeMap, InsertSource',
      'transforms.MakeMap.type': 'org.apache.kafka.connect.transforms.HoistField$Value',
      'transforms.MakeMap.field': 'line',
      'transforms.InsertSource.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
      'transforms.InsertSource.static.field': 'data_source',
      'transforms.InsertSource.static.value': 'test-file-source',
    }, registry);
    const out = chain.apply(sourceRecord({ topic: 'connect-test', valueSchema: Schema.STRING_SCHEMA, value: 'foo' }))!;
    const value = out.value as Struct;
    assert.deepEqual(out.valueSchema!.fields.map((f) => [f.name, f.schema]), [['line', Schema.STRING_SCHEMA], ['data_source', Schema.OPTIONAL_STRING_SCHEMA]]);
    assert.equal(value.get('line'), 'foo');
    assert.equal(value.get('data_source'), 'test-file-source');
  });

  it('runs Kafka\'s documented Filter + predicates example', () => {
    const chain = buildTransformationChain<SourceRecord>({
      transforms: 'Filter,Extract',
      'transforms.Filter.type': 'org.apache.kafka.connect.transforms.Filter',
      'transforms.Filter.predicate': 'IsFoo',
      'transforms.Extract.type': 'org.apache.kafka.connect.transforms.ExtractField$Key',
      'transforms.Extract.field': 'other_field',
      'transforms.Extract.predicate': 'IsBar',
      'transforms.Extract.negate': 'true',
      predicates: 'IsFoo,IsBar',
      'predicates.IsFoo.type': 'org.apache.kafka.connect.transforms.predicates.TopicNameMatches',
      'predicates.IsFoo.pattern': 'foo',
      'predicates.IsBar.type': 'org.apache.kafka.connect.transforms.predicates.TopicNameMatches',
      'predicates.IsBar.pattern': 'bar',
    }, registry);
    assert.equal(chain.apply(sourceRecord({ topic: 'foo', key: { other_field: 1 } })), null);
    assert.deepEqual(chain.apply(sourceRecord({ topic: 'bar', key: { other_field: 2 } }))!.key, { other_field: 2 });
    assert.equal(chain.apply(sourceRecord({ topic: 'baz', key: { other_field: 3 } }))!.key, 3);
  });

  it('drops tombstones and records with a header through the other predicates', () => {
    const chain = buildTransformationChain<SourceRecord>({
      transforms: 'dropTombstones,dropMarked',
      'transforms.dropTombstones.type': 'Filter',
      'transforms.dropTombstones.predicate': 'isTombstone',
      'transforms.dropMarked.type': 'Filter',
      'transforms.dropMarked.predicate': 'hasMarker',
      predicates: 'isTombstone,hasMarker',
      'predicates.isTombstone.type': 'RecordIsTombstone',
      'predicates.hasMarker.type': 'HasHeaderKey',
      'predicates.hasMarker.name': 'skip',
    }, registry);
    assert.equal(chain.apply(sourceRecord({ value: null })), null);
    assert.equal(chain.apply(sourceRecord({ value: 1, headers: new ConnectHeaders().addString('skip', 'yes') })), null);
    assert.equal(chain.apply(sourceRecord({ value: 1 }))!.value, 1);
  });

  it('rejects bad transform configs naming the alias and the key', () => {
    assert.throws(() => buildTransformationChain({ transforms: 'mask', 'transforms.mask.type': 'MaskField$Value' }, registry), (e: unknown) => {
      assert.ok(e instanceof ConfigException);
      assert.equal(e.message, 'Invalid value MaskField$Value for configuration transforms.mask: Missing required configuration "fields" which has no default value.');
      return true;
    });
    assert.throws(() => buildTransformationChain({ predicates: 'p', 'predicates.p.type': 'TopicNameMatches', 'predicates.p.pattern': '(' }, registry),
      /^ConfigException: Invalid value TopicNameMatches for configuration predicates\.p: Invalid value \( for configuration pattern: Invalid regex/);
    assert.throws(() => buildTransformationChain({ transforms: 'x', 'transforms.x.type': 'NoSuchTransform' }, registry),
      /transforms\.x\.type/);
  });

  it('names the stage, the transform, the field and the record when a record fails', () => {
    const chain = buildTransformationChain<SourceRecord>({ transforms: 'toInt', 'transforms.toInt.type': 'Cast$Value', 'transforms.toInt.spec': 'n:int32' }, registry);
    assert.throws(() => chain.apply(sourceRecord({ topic: 'orders', partition: 1, value: { n: 'many' } })), (e: unknown) => {
      assert.ok(e instanceof DataException);
      assert.equal(e.message, 'Transformation toInt (CastValue) failed: Value (many) was out of range for requested data type '
        + '(transform Cast$Value, field n; record topic=orders, partition=1)');
      return true;
    });
  });
});
