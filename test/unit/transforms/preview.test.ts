// Trying a chain before deploying it: previewChain, POST /connector-plugins/transforms/preview and
// `kconnect try-transforms`.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Fastify from 'fastify';
import { ConfigException } from '../../../src/data/errors.js';
import { transformsResource } from '../../../src/rest/resources/transforms.js';
import type { Herder } from '../../../src/herder/Herder.js';
import { previewChain, type PreviewStep, type SampleRecord } from '../../../src/runtime/chainPreview.js';
import { builtinTransformsRegistry } from './helpers.js';

const registry = builtinTransformsRegistry();
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

const CONFIG: Record<string, string> = {
  'connector.class': 'FileStreamSource',
  transforms: 'MakeMap,InsertSource,dropFoo',
  'transforms.MakeMap.type': 'org.apache.kafka.connect.transforms.HoistField$Value',
  'transforms.MakeMap.field': 'line',
  'transforms.InsertSource.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
  'transforms.InsertSource.static.field': 'data_source',
  'transforms.InsertSource.static.value': 'test-file-source',
  'transforms.dropFoo.type': 'Filter',
  'transforms.dropFoo.predicate': 'isFoo',
  predicates: 'isFoo',
  'predicates.isFoo.type': 'TopicNameMatches',
  'predicates.isFoo.pattern': 'foo',
};

const STRING_SCHEMA_JSON = { type: 'string', optional: false };
const STRUCT_SCHEMA_JSON = {
  type: 'struct',
  fields: [{ type: 'string', optional: false, field: 'line' }, { type: 'string', optional: true, field: 'data_source' }],
  optional: false,
};

const SAMPLES: SampleRecord[] = [
  { topic: 'connect-test', value: { schema: STRING_SCHEMA_JSON, payload: 'hello' } },
  { topic: 'foo', key: 'k', value: 'plain', headers: { h: 'v', n: 1 } },
];

function steps(result: PreviewStep[]): string[] {
  return result.map((s) => s.step);
}

describe('previewChain', () => {
  it('reports each record after every step, with schemas from JsonConverter envelopes', () => {
    const [withSchema, schemaless] = previewChain(CONFIG, SAMPLES, registry);
    assert.deepEqual(steps(withSchema!), ['input', 'MakeMap', 'InsertSource', 'dropFoo']);
    assert.deepEqual(withSchema![0], {
      step: 'input',
      record: { topic: 'connect-test', partition: null, timestamp: null, key: null, valueSchema: STRING_SCHEMA_JSON, value: 'hello', headers: [] },
    });
    assert.deepEqual(withSchema![2], {
      step: 'InsertSource',
      record: {
        topic: 'connect-test', partition: null, timestamp: null, key: null,
        valueSchema: STRUCT_SCHEMA_JSON, value: { line: 'hello', data_source: 'test-file-source' }, headers: [],
      },
    });
    assert.equal((withSchema![3] as { skipped?: boolean }).skipped, true);

    assert.deepEqual(steps(schemaless!), ['input', 'MakeMap', 'InsertSource', 'dropFoo']);
    assert.deepEqual(schemaless![2], {
      step: 'InsertSource',
      record: {
        topic: 'foo', partition: null, timestamp: null, key: 'k', value: { line: 'plain', data_source: 'test-file-source' },
        headers: [{ key: 'h', value: 'v' }, { key: 'n', value: 1 }],
      },
    });
    assert.deepEqual(schemaless![3], { step: 'dropFoo', record: null });
  });

  it('makes sink records when an offset is given', () => {
    const [result] = previewChain({ transforms: 'off', 'transforms.off.type': 'InsertField$Value', 'transforms.off.offset.field': 'o' },
      [{ topic: 't', partition: 2, offset: 17, timestamp: 5, value: { a: 1 } }], registry);
    assert.deepEqual(result![1], {
      step: 'off', record: { topic: 't', partition: 2, offset: 17, timestamp: 5, key: null, value: { a: 1, o: 17 }, headers: [] },
    });
  });

  it('stops at the step that fails, with its error', () => {
    const [result] = previewChain({ transforms: 'cast,never', 'transforms.cast.type': 'Cast$Value', 'transforms.cast.spec': 'n:int8',
      'transforms.never.type': 'Filter' }, [{ topic: 't', value: { n: 'lots' } }], registry);
    assert.deepEqual(steps(result!), ['input', 'cast']);
    assert.match((result![1] as { error: string }).error, /^Value \(lots\) was out of range for requested data type \(transform Cast\$Value, field n;/);
  });

  it('reports a sample it cannot read at the input step', () => {
    const [result] = previewChain({}, [{ value: { schema: { type: 'nope' }, payload: 1 } }], registry);
    assert.deepEqual(result, [{ step: 'input', error: 'Unknown schema type: nope' }]);
  });

  it('throws a ConfigException naming the alias and key for a bad config', () => {
    assert.throws(() => previewChain({ transforms: 'x', 'transforms.x.type': 'HoistField$Value' }, [], registry), (e: unknown) =>
      e instanceof ConfigException && /transforms\.x.*"field"/.test(e.message));
  });
});

describe('POST /connector-plugins/transforms/preview', () => {
  async function app() {
    const server = Fastify();
    // The resource's part is the HTTP shape; the herder's part is previewChain itself.
    const herder = { previewTransforms: async (c: Record<string, string>, r: SampleRecord[]) => previewChain(c, r, registry) };
    await server.register(transformsResource({ herder: herder as unknown as Herder }));
    return server;
  }

  it('answers with the steps of every record', async () => {
    const server = await app();
    const res = await server.inject({ method: 'POST', url: '/connector-plugins/transforms/preview', payload: { config: CONFIG, records: SAMPLES } });
    assert.equal(res.statusCode, 200);
    const body = res.json() as { results: PreviewStep[][] };
    assert.deepEqual(body.results, JSON.parse(JSON.stringify(previewChain(CONFIG, SAMPLES, registry))));
    await server.close();
  });

  it('answers 400 with the key for a bad config, and for a bad body', async () => {
    const server = await app();
    const bad = await server.inject({ method: 'POST', url: '/connector-plugins/transforms/preview',
      payload: { config: { transforms: 'r', 'transforms.r.type': 'RegexRouter', 'transforms.r.regex': 'a' }, records: [] } });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json(), {
      error_code: 400,
      message: 'Invalid value RegexRouter for configuration transforms.r: Missing required configuration "replacement" which has no default value.',
    });
    const noRecords = await server.inject({ method: 'POST', url: '/connector-plugins/transforms/preview', payload: { config: {} } });
    assert.equal(noRecords.statusCode, 400);
    assert.equal(noRecords.json().error_code, 400);
    await server.close();
  });

  it('accepts numbers and booleans as config values', async () => {
    const server = await app();
    const res = await server.inject({ method: 'POST', url: '/connector-plugins/transforms/preview', payload: {
      config: { transforms: 'v', 'transforms.v.type': 'SetSchemaMetadata$Value', 'transforms.v.schema.version': 3 },
      records: [{ value: { schema: { type: 'int32', optional: false }, payload: 1 } }],
    } });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json().results[0][1].record.valueSchema, { type: 'int32', optional: false, version: 3 });
    await server.close();
  });
});

describe('kconnect try-transforms', () => {
  const run = promisify(execFile);

  it('prints the same results for a properties file and a samples file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kconnect-try-'));
    const props = Object.entries(CONFIG).map(([k, v]) => `${k}=${v}`).join('\n');
    await writeFile(join(dir, 'c.properties'), `# a connector\n${props}\n`);
    await writeFile(join(dir, 'samples.json'), JSON.stringify(SAMPLES));
    const { stdout } = await run(process.execPath, [join(repoRoot, 'bin', 'kconnect.js'), 'try-transforms',
      '--config', join(dir, 'c.properties'), '--records', join(dir, 'samples.json')]);
    assert.deepEqual(JSON.parse(stdout), JSON.parse(JSON.stringify({ results: previewChain(CONFIG, SAMPLES, registry) })));
  });

  it('exits 1 with the key for a bad config, and 2 for bad usage', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kconnect-try-'));
    await writeFile(join(dir, 'c.json'), JSON.stringify({ name: 'x', config: { transforms: 'h', 'transforms.h.type': 'HoistField$Key' } }));
    await writeFile(join(dir, 's.jsonl'), '{"value": 1}\n');
    await assert.rejects(run(process.execPath, [join(repoRoot, 'bin', 'kconnect.js'), 'try-transforms', '--config', join(dir, 'c.json'), '--records', join(dir, 's.jsonl')]),
      (e: { code: number; stderr: string }) => e.code === 1 && /^Invalid configuration: .*transforms\.h.*"field"/.test(e.stderr));
    await assert.rejects(run(process.execPath, [join(repoRoot, 'bin', 'kconnect.js'), 'try-transforms']), (e: { code: number }) => e.code === 2);
  });
});
