import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loginConfigFromJvmOptions, parseJaasConfig } from '../../../src/rest/security/jaas.js';
import { basicCredentials } from '../../../src/rest/security/basicAuth.js';
import { SessionKeys, signatureHeaders, validateRequestSigning, DEFAULT_REQUEST_SIGNING, type SessionKey } from '../../../src/herder/sessionKey.js';
import { looksLikeLocation } from '../../../src/plugins/PluginRegistry.js';

test('the JAAS file of Connect\'s docs, with comments, quotes and other entries', () => {
  const text = `// REST users
KafkaServer { org.apache.kafka.common.security.plain.PlainLoginModule required username="a" password="b"; };
/* the one Connect uses */
KafkaConnect {
  org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule required
  file="/mnt/secret/credentials.properties";
};`;
  const entries = parseJaasConfig(text, 'jaas.conf');
  assert.deepEqual(entries.get('KafkaConnect'), [
    { module: 'org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule', flag: 'required', options: { file: '/mnt/secret/credentials.properties' } },
  ]);
  assert.throws(() => parseJaasConfig('KafkaConnect { x required file', 'j.conf'), /j\.conf: unexpected end of file/);
});

test('-Djava.security.auth.login.config in KAFKA_OPTS, quoted or not; the last one wins', () => {
  assert.equal(loginConfigFromJvmOptions('-Xmx1g -Djava.security.auth.login.config=/etc/jaas.conf'), '/etc/jaas.conf');
  assert.equal(loginConfigFromJvmOptions('-Djava.security.auth.login.config="/a b/jaas.conf" -Dx=y'), '/a b/jaas.conf');
  assert.equal(loginConfigFromJvmOptions('-Djava.security.auth.login.config=/1 -Djava.security.auth.login.config==/2'), '/2');
  assert.equal(loginConfigFromJvmOptions('-Xmx1g'), undefined);
  assert.equal(loginConfigFromJvmOptions(undefined), undefined);
});

test('Basic credentials: a password may hold colons; other schemes and malformed values are none', () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  assert.deepEqual(basicCredentials(`Basic ${b64('u:p:q')}`), { user: 'u', password: 'p:q' });
  assert.deepEqual(basicCredentials(`basic ${b64('u:')}`), { user: 'u', password: '' });
  assert.equal(basicCredentials(`Bearer ${b64('u:p')}`), undefined);
  assert.equal(basicCredentials(`Basic ${b64(':p')}`), undefined);
  assert.equal(basicCredentials('Basic'), undefined);
});

test('plugin names that are file paths or URLs, and class names that are not', () => {
  for (const n of ['/tmp/evil.js', './evil.js', 'evil.mjs', 'file:///x.js', 'https://h/x', 'C:\\x.js', '~/x', 'node_modules/x']) assert.ok(looksLikeLocation(n), n);
  for (const n of ['org.apache.kafka.connect.file.FileStreamSourceConnector', 'InsertField$Value', 'PostgresSink', 'io.confluent.connect.json.JsonSchemaConverter']) {
    assert.ok(!looksLikeLocation(n), n);
  }
});

function memoryStore(): { sessionKey(): SessionKey | undefined; putSessionKey(k: SessionKey): Promise<void>; writes: number } {
  let key: SessionKey | undefined;
  return {
    writes: 0,
    sessionKey: () => key,
    async putSessionKey(k) {
      key = k;
      this.writes++;
    },
  };
}

test('the leader writes a key when there is none, when it expired, or when the algorithm changed', async () => {
  const store = memoryStore();
  const keys = new SessionKeys({ ...DEFAULT_REQUEST_SIGNING, keyTtlMs: 1000 }, store);
  const expires = await keys.rotateIfNeeded(10_000);
  assert.equal(store.writes, 1);
  assert.equal(expires, 11_000);
  assert.equal(store.sessionKey()!.key.length, 32);
  await keys.rotateIfNeeded(10_500);
  assert.equal(store.writes, 1, 'still valid');
  await keys.rotateIfNeeded(11_000);
  assert.equal(store.writes, 2, 'expired');
  await new SessionKeys({ ...DEFAULT_REQUEST_SIGNING, keyGenerationAlgorithm: 'HmacSHA512', keyTtlMs: 1000 }, store).rotateIfNeeded(11_100);
  assert.equal(store.writes, 3, 'another algorithm');
  assert.equal(store.sessionKey()!.key.length, 64);
});

test('verification: Connect\'s 400, 503 and 403, and a valid signature passes', async () => {
  const store = memoryStore();
  const keys = new SessionKeys(DEFAULT_REQUEST_SIGNING, store);
  const body = Buffer.from('[{"a":"b"}]');
  const sig = (key: Buffer, algorithm = 'HmacSHA256') => ({ algorithm, signature: Buffer.from(signatureHeaders(key, body, algorithm)['X-Connect-Authorization']!, 'base64'), body });
  assert.throws(() => keys.verify(undefined), { message: 'Internal request missing required signature' });
  assert.throws(() => keys.verify(sig(Buffer.alloc(32))), (e: any) => e.statusCode === 503);
  await keys.rotateIfNeeded();
  const key = store.sessionKey()!.key;
  assert.doesNotThrow(() => keys.verify(sig(key)));
  assert.throws(() => keys.verify(sig(Buffer.alloc(32))), (e: any) => e.statusCode === 403 && e.message === 'Internal request contained invalid signature.');
  assert.throws(() => keys.verify(sig(key, 'HmacSHA512')), /does not support the 'HmacSHA512'/);
  assert.doesNotThrow(() => new SessionKeys({ ...DEFAULT_REQUEST_SIGNING, enabled: false }, store).verify(undefined), 'connect.protocol other than sessioned');
});

test('inter.worker.* checks name the key', () => {
  assert.throws(() => validateRequestSigning({ ...DEFAULT_REQUEST_SIGNING, signatureAlgorithm: 'HmacSHA512' }), /must be present in inter\.worker\.verification\.algorithms/);
  assert.throws(() => validateRequestSigning({ ...DEFAULT_REQUEST_SIGNING, keyGenerationAlgorithm: 'AES' }), /inter\.worker\.key\.generation\.algorithm/);
  assert.throws(() => validateRequestSigning({ ...DEFAULT_REQUEST_SIGNING, keySizeBits: 12 }), /inter\.worker\.key\.size/);
});

test('the basic-auth extension without its JAAS set-up stops the worker with what is missing', async () => {
  const { RestSecurity } = await import('../../../src/rest/security/restSecurity.js');
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const props = { 'rest.extension.classes': 'org.apache.kafka.connect.rest.basic.auth.extension.BasicAuthSecurityRestExtension' };
  assert.throws(() => RestSecurity.validate(props, '-Xmx1g'), /no JAAS file is given: set -Djava\.security\.auth\.login\.config=/);
  const dir = mkdtempSync(join(tmpdir(), 'kconnect-jaas-'));
  assert.throws(() => RestSecurity.validate(props, `-Djava.security.auth.login.config=${join(dir, 'missing.conf')}`), /Cannot read the JAAS file/);
  writeFileSync(join(dir, 'other.conf'), 'KafkaServer { x required; };');
  assert.throws(() => RestSecurity.validate(props, `-Djava.security.auth.login.config=${join(dir, 'other.conf')}`), /no KafkaConnect entry/);
  writeFileSync(join(dir, 'nofile.conf'), 'KafkaConnect { org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule required; };');
  assert.throws(() => RestSecurity.validate(props, `-Djava.security.auth.login.config=${join(dir, 'nofile.conf')}`), /Property Credentials file must be specified/);
  writeFileSync(join(dir, 'ok.conf'), `KafkaConnect { org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule required file="${join(dir, 'nousers')}"; };`);
  assert.throws(() => RestSecurity.validate(props, `-Djava.security.auth.login.config=${join(dir, 'ok.conf')}`), /Error loading Property Credentials file/);
  writeFileSync(join(dir, 'nousers'), 'admin: pw\n');
  assert.doesNotThrow(() => RestSecurity.validate(props, `-Djava.security.auth.login.config=${join(dir, 'ok.conf')}`));
  assert.doesNotThrow(() => RestSecurity.validate({}, undefined), 'no extension, nothing to check');
});
