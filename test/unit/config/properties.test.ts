import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PropertiesSyntaxError, loadPropertiesFile, parseProperties } from '../../../src/config/properties.js';
import { ConfigException } from '../../../src/data/errors.js';

const parse = (text: string): Record<string, string> => Object.fromEntries(parseProperties(text));

test('# and ! start comment lines, also after leading white space', () => {
  assert.deepEqual(parse('# a comment\n! another\n   # indented\n\t! tabbed\na=1\n'), { a: '1' });
});

test('a comment line never continues, even when it ends in a backslash', () => {
  assert.deepEqual(parse('# comment \\\na=1\n'), { a: '1' });
});

test('# or ! after a key is part of the value, not a comment', () => {
  assert.deepEqual(parse('a=1 # not a comment\nb=!x'), { a: '1 # not a comment', b: '!x' });
});

test('blank lines and lines of white space only are skipped', () => {
  assert.deepEqual(parse('\n   \n\t\f\na=1\n\n'), { a: '1' });
});

test('= separates key and value', () => {
  assert.deepEqual(parse('key=value'), { key: 'value' });
});

test(': separates key and value', () => {
  assert.deepEqual(parse('key:value'), { key: 'value' });
});

test('white space alone separates key and value', () => {
  assert.deepEqual(parse('key value\nk2\t\tv2\nk3\fv3'), { key: 'value', k2: 'v2', k3: 'v3' });
});

test('white space around = or : is ignored; only the first separator counts', () => {
  assert.deepEqual(parse('a  =  1\nb\t:\t2\nc = = 3\nd=e=f\ng : h:i'), { a: '1', b: '2', c: '= 3', d: 'e=f', g: 'h:i' });
});

test('trailing white space of a value is kept', () => {
  assert.deepEqual(parse('a=1  \n'), { a: '1  ' });
});

test('leading white space of a line is ignored', () => {
  assert.deepEqual(parse('   a=1\n\t\tb=2\n\f c=3'), { a: '1', b: '2', c: '3' });
});

test('backslash at line end continues the line; the next line\'s leading white space is dropped', () => {
  assert.deepEqual(parse('fruits=apple, \\\n        banana, \\\n\tpear\nnext=1'), { fruits: 'apple, banana, pear', next: '1' });
});

test('an even number of trailing backslashes is an escaped backslash, not a continuation', () => {
  assert.deepEqual(parse('a=x\\\\\nb=2'), { a: 'x\\', b: '2' });
});

test('a continuation into a blank line ends the value; a trailing backslash at end of input is dropped', () => {
  assert.deepEqual(parse('a=1\\\n\nb=2\\'), { a: '1', b: '2' });
});

test('continuation works in keys too', () => {
  assert.deepEqual(parse('long\\\n  key=v'), { longkey: 'v' });
});

test('escapes \\t \\n \\r \\f', () => {
  assert.deepEqual(parse('a=x\\ty\\nz\\r\\f'), { a: 'x\ty\nz\r\f' });
});

test('\\uXXXX escapes, upper or lower case hex, including surrogate pairs', () => {
  assert.deepEqual(parse('a=caf\\u00e9 \\u00C9\nb=\\uD83D\\uDE00'), { a: 'café É', b: '😀' });
});

test('a backslash before any other char yields that char: \\= \\: \\space \\# \\\\ in keys', () => {
  assert.deepEqual(parse('a\\=b=1\nc\\:d:2\ne\\ f g\n\\#h=3\ni\\\\j=4\nk=\\q'),
    { 'a=b': '1', 'c:d': '2', 'e f': 'g', '#h': '3', 'i\\j': '4', k: 'q' });
});

test('a key with no value maps to the empty string', () => {
  assert.deepEqual(parse('alone\nwitheq=\nwithcolon:\nspaced   \n'), { alone: '', witheq: '', withcolon: '', spaced: '' });
});

test('the last of duplicate keys wins', () => {
  const m = parseProperties('a=1\nb=2\na=3');
  assert.equal(m.get('a'), '3');
  assert.deepEqual([...m.keys()], ['a', 'b']);
});

test('keys keep the file order', () => {
  assert.deepEqual([...parseProperties('z=1\na=2\nm=3').keys()], ['z', 'a', 'm']);
});

test('CRLF line endings', () => {
  assert.deepEqual(parse('a=1\r\nb=2\\\r\n   3\r\n# c\r\nd=4\r\n'), { a: '1', b: '23', d: '4' });
});

test('CR line endings', () => {
  assert.deepEqual(parse('a=1\rb=2\\\r   3\r# c\rd=4\r'), { a: '1', b: '23', d: '4' });
});

test('${...} is not expanded', () => {
  assert.deepEqual(parse('password=${file:/etc/secrets.properties:db.password}'),
    { password: '${file:/etc/secrets.properties:db.password}' });
});

test('malformed \\uxxxx throws PropertiesSyntaxError with source and the logical line\'s start line', () => {
  const text = '# header\na=1\n\nb=first \\\n   second \\u12G4\nc=3';
  assert.throws(() => parseProperties(text, 'worker.properties'), (e: unknown) => {
    assert.ok(e instanceof PropertiesSyntaxError);
    assert.ok(e instanceof ConfigException);
    assert.equal(e.message, 'worker.properties:4: Malformed \\uxxxx encoding');
    assert.equal(e.file, 'worker.properties');
    assert.equal(e.line, 4);
    return true;
  });
});

test('a \\u escape cut short at the end of a key or value is malformed', () => {
  assert.throws(() => parseProperties('x=1\nkey=\\u12'), { message: '<string>:2: Malformed \\uxxxx encoding' });
  assert.throws(() => parseProperties('k\\u0=v', 'f'), { message: 'f:1: Malformed \\uxxxx encoding' });
});

test('line numbers count CRLF as one line break', () => {
  assert.throws(() => parseProperties('a=1\r\nb=2\r\n\r\nc=\\uZZZZ', 'f'), { message: 'f:4: Malformed \\uxxxx encoding' });
});

test('a real multi-line file read from disk (UTF-8, comments, continuations, escapes)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-props-'));
  try {
    const file = join(dir, 'connector.properties');
    await writeFile(file, [
      '# A connector',
      'name=jdbc-sink',
      'connector.class = io.confluent.connect.jdbc.JdbcSinkConnector',
      'tasks.max: 2',
      'topics=orders,\\',
      '       customers, \\',
      '       payments',
      '! transforms',
      'transforms=route',
      'transforms.route.type=org.apache.kafka.connect.transforms.RegexRouter',
      'transforms.route.regex=(.*)',
      'transforms.route.replacement=prod_$1',
      'greeting=Grüße \\u2014 café',
      'connection.password=${file:/run/secrets/db:password}',
      '',
    ].join('\n'), 'utf8');
    const m = await loadPropertiesFile(file);
    assert.deepEqual(Object.fromEntries(m), {
      name: 'jdbc-sink',
      'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector',
      'tasks.max': '2',
      topics: 'orders,customers, payments',
      transforms: 'route',
      'transforms.route.type': 'org.apache.kafka.connect.transforms.RegexRouter',
      'transforms.route.regex': '(.*)',
      'transforms.route.replacement': 'prod_$1',
      greeting: 'Grüße — café',
      'connection.password': '${file:/run/secrets/db:password}',
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('files: a UTF-8 BOM is dropped; bytes that are not UTF-8 are read as ISO-8859-1 like Java', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-props-'));
  try {
    const bom = join(dir, 'bom.properties');
    await writeFile(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a=1\n')]));
    assert.deepEqual(Object.fromEntries(await loadPropertiesFile(bom)), { a: '1' });
    const latin1 = join(dir, 'latin1.properties');
    await writeFile(latin1, Buffer.from([0x61, 0x3d, 0x63, 0x61, 0x66, 0xe9, 0x80])); // a=caf\xE9\x80
    assert.deepEqual(Object.fromEntries(await loadPropertiesFile(latin1)), { a: 'caf\u00e9\u0080' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('malformed \\u in a file names the file path and line', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-props-'));
  try {
    const file = join(dir, 'bad.properties');
    await writeFile(file, 'a=1\nb=2\n\n  c=\\u00\n');
    await assert.rejects(loadPropertiesFile(file), { message: `${file}:4: Malformed \\uxxxx encoding` });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a missing file is a clear error naming it', async () => {
  await assert.rejects(loadPropertiesFile('/nonexistent/worker.properties'),
    { message: '/nonexistent/worker.properties: cannot read properties file: no such file' });
});
