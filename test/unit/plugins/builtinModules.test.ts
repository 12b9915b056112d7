import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lazyBuiltinRegistry } from '../../../src/plugins/builtinModules.js';
import { builtinCatalogue, builtinRegistry } from '../../../src/plugins/builtins.js';

const SOURCE_TYPES = ['source', 'sink'] as const;

describe('lazily loaded built-ins (task threads)', () => {
  // What a thread gets crosses as structured clone: the catalogue must be plain data.
  const lazy = () => lazyBuiltinRegistry(structuredClone(builtinCatalogue()));

  test('list and resolve every built-in as the eager registry does, before loading any code', () => {
    const eager = builtinRegistry();
    const shape = (r: ReturnType<typeof builtinRegistry>) => r.list().map(({ className, type, version, location, aliases }) => ({ className, type, version, location, aliases }));
    assert.deepEqual(shape(lazy()), shape(eager));
    const registry = lazy();
    assert.equal(registry.resolve('FileStreamSource', [...SOURCE_TYPES]).className, 'org.apache.kafka.connect.file.FileStreamSourceConnector');
    assert.equal(registry.resolve('InsertField$Value', ['transformation']).className, 'org.apache.kafka.connect.transforms.InsertField$Value');
  });

  test('load gives the plugins it names their real classes, and leaves other modules unloaded', async () => {
    const registry = lazy();
    await registry.load(['FileStreamSource', 'JsonConverter', undefined, 'NoSuchPlugin']);
    const { instance } = registry.instantiate<object>('FileStreamSource', [...SOURCE_TYPES]);
    assert.equal(instance.constructor, builtinRegistry().resolve('FileStreamSource', [...SOURCE_TYPES]).impl);
    // The sink is in the same module: one load serves it too.
    assert.ok(registry.instantiate('FileStreamSink', [...SOURCE_TYPES]).instance);
    assert.ok(registry.instantiate('org.apache.kafka.connect.json.JsonConverter', ['converter']).instance);
    assert.throws(
      () => registry.instantiate('io.confluent.connect.jdbc.JdbcSourceConnector', [...SOURCE_TYPES]),
      /PostgresSourceConnector was not loaded before its use/,
    );
  });

  test('an unknown name still fails with the list of every built-in', async () => {
    const registry = lazy();
    await registry.load(['NoSuchConnector']);
    assert.throws(() => registry.instantiate('NoSuchConnector', [...SOURCE_TYPES]), /available: .*PostgresSourceConnector.*FileStreamSinkConnector/);
  });
});
