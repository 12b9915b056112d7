// The registry converters' ConfigDefs as a user of Confluent's converters meets them: the keys, types
// and defaults GET /connector-plugins/{converter}/config lists, config/validate naming a bad key under
// its `value.converter.` prefix, and configure() parsing through the same definition (a bad value
// is a ConfigException naming the key; the parsed settings drive a real registry).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AvroConverter, JsonSchemaConverter, ProtobufConverter } from '../../src/converters/index.js';
import { ConfigException } from '../../src/data/errors.js';
import { SchemaBuilder } from '../../src/data/SchemaBuilder.js';
import { Struct } from '../../src/data/Struct.js';
import { uniqueTopic } from '../helpers/kafka.js';
import { read, registryRequest, registryUrl, write } from '../helpers/registry.js';
import { getJson, startStandaloneWorker } from '../helpers/worker.js';

const CLASSES = {
  'io.confluent.connect.avro.AvroConverter': ['connect.meta.data', 'enhanced.avro.schema.support', 'scrub.invalid.names'],
  'io.confluent.connect.json.JsonSchemaConverter': ['json.fail.unknown.properties', 'json.fail.invalid.schema', 'decimal.format'],
  'io.confluent.connect.protobuf.ProtobufConverter': ['generate.index.for.unions', 'int.for.enums'],
} as const;

test('GET /connector-plugins/{converter}/config lists Confluent keys; config/validate names a bad converter key', async () => {
  const worker = await startStandaloneWorker({});
  try {
    for (const [cls, own] of Object.entries(CLASSES)) {
      const res = await getJson(`${worker.restUrl}/connector-plugins/${cls}/config`);
      assert.equal(res.status, 200, cls);
      const byName = new Map((res.body as { name: string }[]).map((k) => [k.name, k as Record<string, unknown>]));
      for (const k of ['schema.registry.url', 'auto.register.schemas', 'use.latest.version', 'latest.compatibility.strict',
        'key.subject.name.strategy', 'value.subject.name.strategy', 'basic.auth.credentials.source', 'basic.auth.user.info',
        'bearer.auth.credentials.source', 'bearer.auth.token', 'schema.registry.ssl.truststore.location', 'schemas.cache.config', ...own]) {
        assert.ok(byName.has(k), `${cls} lists ${k}`);
      }
      assert.equal(byName.get('schema.registry.url')!['type'], 'LIST');
      assert.equal(byName.get('schema.registry.url')!['required'], true);
      assert.equal(byName.get('auto.register.schemas')!['default_value'], 'true');
      assert.equal(byName.get('basic.auth.user.info')!['type'], 'PASSWORD');
      assert.equal(byName.get('value.subject.name.strategy')!['default_value'], 'io.confluent.kafka.serializers.subject.TopicNameStrategy');
      assert.equal(byName.get('schemas.cache.config')!['default_value'], '1000');
    }

    const validate = await fetch(`${worker.restUrl}/connector-plugins/FileStreamSink/config/validate`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        'connector.class': 'FileStreamSink', name: 'v', topics: 't', file: '/tmp/x',
        'value.converter': 'io.confluent.connect.avro.AvroConverter',
        'value.converter.schema.registry.url': registryUrl(),
        'value.converter.auto.register.schemas': 'maybe',
        'value.converter.value.subject.name.strategy': 'com.example.NoSuchStrategy',
      }),
    });
    const body = await validate.json() as { error_count: number; configs: { value: { name: string; errors: string[] } }[] };
    const errors = new Map(body.configs.map((c) => [c.value.name, c.value.errors]));
    assert.equal(body.error_count, 2);
    assert.match(errors.get('value.converter.auto.register.schemas')![0]!, /auto\.register\.schemas.*true or false/);
    assert.match(errors.get('value.converter.value.subject.name.strategy')![0]!, /NoSuchStrategy/);
    assert.deepEqual(errors.get('value.converter.schema.registry.url'), []);
  } finally {
    await worker.stop();
  }
});

test('configure() parses through the ConfigDef: bad values name their key; defaults and parsed values drive the registry', async () => {
  const url = registryUrl();
  const bad: [Record<string, unknown>, string][] = [
    [{}, 'schema.registry.url'],
    [{ 'schema.registry.url': 'ftp://registry' }, 'schema.registry.url'],
    [{ 'schema.registry.url': url, 'auto.register.schemas': 'yes' }, 'auto.register.schemas'],
    [{ 'schema.registry.url': url, 'schemas.cache.config': 'many' }, 'schemas.cache.config'],
    [{ 'schema.registry.url': url, 'basic.auth.credentials.source': 'TOKEN' }, 'basic.auth.credentials.source'],
    [{ 'schema.registry.url': url, 'value.subject.name.strategy': 'Nope' }, 'value.subject.name.strategy'],
    [{ 'schema.registry.url': url, 'connect.meta.data': 'off' }, 'connect.meta.data'],
  ];
  for (const [configs, key] of bad) {
    assert.throws(() => new AvroConverter().configure(configs, false),
      (e: unknown) => e instanceof ConfigException && e.message.includes(key), `${key} is named`);
  }
  assert.throws(() => new JsonSchemaConverter().configure({ 'schema.registry.url': url, 'decimal.format': 'HEX' }, false),
    (e: unknown) => e instanceof ConfigException && e.message.includes('decimal.format'));
  assert.throws(() => new ProtobufConverter().configure({ 'schema.registry.url': url, 'generate.index.for.unions': '2' }, false),
    (e: unknown) => e instanceof ConfigException && e.message.includes('generate.index.for.unions'));

  // Strings as they come from a properties file, with spaces and odd case, parse as Confluent's do.
  const topic = uniqueTopic('config-parse');
  const schema = SchemaBuilder.struct().name('com.example.Cfg').field('id', SchemaBuilder.int32().build()).build();
  const c = new AvroConverter();
  c.configure({
    'schema.registry.url': ` ${url} , http://127.0.0.1:1/unused `,
    'auto.register.schemas': ' TRUE ',
    'connect.meta.data': 'False',
    'value.subject.name.strategy': 'io.confluent.kafka.serializers.subject.RecordNameStrategy',
  }, false);
  try {
    const bytes = (await write(c, topic, schema, new Struct(schema).put('id', 1)))!;
    const latest = await registryRequest(url, 'GET', '/subjects/com.example.Cfg/versions/latest');
    assert.equal(latest.status, 200);
    assert.equal(bytes.readInt32BE(1), latest.body.id);
    assert.ok(!latest.body.schema.includes('connect.name'), 'connect.meta.data=False leaves out connect.name');
    assert.equal(((await read(c, topic, bytes)).value as Struct).get('id'), 1);
  } finally {
    c.close();
  }
});

test('use.latest.version with latest.compatibility.strict (Avro): a record schema the latest cannot read is refused naming the subject; strict=false writes', async () => {
  const url = registryUrl();
  const topic = uniqueTopic('latest-strict');
  const subject = `${topic}-value`;
  const latest = { type: 'record', name: 'Strict', namespace: 'com.example', fields: [{ name: 'id', type: 'int' }, { name: 'email', type: ['null', 'string'], default: null }] };
  const reg = await registryRequest(url, 'POST', `/subjects/${subject}/versions`, { schema: JSON.stringify(latest) });
  assert.equal(reg.status, 200, JSON.stringify(reg.body));
  const configs = { 'schema.registry.url': url, 'use.latest.version': 'true', 'auto.register.schemas': 'false' };

  // The latest can read this one (email takes its default): written under the latest id.
  const ok = SchemaBuilder.struct().name('com.example.Strict').field('id', SchemaBuilder.int32().build()).build();
  const c1 = new AvroConverter();
  c1.configure(configs, false);
  assert.equal((await write(c1, topic, ok, new Struct(ok).put('id', 5)))!.readInt32BE(1), reg.body.id);
  c1.close();

  // A string id cannot be read as int: refused, naming the subject and the switch.
  const bad = SchemaBuilder.struct().name('com.example.Strict').field('id', SchemaBuilder.string().build()).build();
  const c2 = new AvroConverter();
  c2.configure(configs, false);
  await assert.rejects(write(c2, topic, bad, new Struct(bad).put('id', 'x')),
    (e: Error) => e.message.includes(`subject "${subject}"`) && e.message.includes('latest.compatibility.strict=false'));
  c2.close();

  // An unnamed struct (ConnectDefault) is not the latest's record either; strict=false writes it with the latest schema.
  const unnamed = SchemaBuilder.struct().field('id', SchemaBuilder.int32().build()).build();
  const c3 = new AvroConverter();
  c3.configure(configs, false);
  await assert.rejects(write(c3, topic, unnamed, new Struct(unnamed).put('id', 1)), /latest\.compatibility\.strict/);
  c3.close();
  const c4 = new AvroConverter();
  c4.configure({ ...configs, 'latest.compatibility.strict': 'false' }, false);
  try {
    const bytes = (await write(c4, topic, unnamed, new Struct(unnamed).put('id', 1)))!;
    assert.equal(bytes.readInt32BE(1), reg.body.id);
    assert.equal(String((await read(c4, topic, bytes)).value), 'Struct{id=1}');
  } finally {
    c4.close();
  }
});
