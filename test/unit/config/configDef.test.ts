import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import {
  ConfigDef, Password, Validators, compileJavaRegex, type ConfigType, type SchemaContext, type Validator,
} from '../../../src/api/ConfigDef.js';
import { ConfigException } from '../../../src/data/errors.js';

const parseOne = (type: ConfigType, value: unknown, name = 'k'): unknown =>
  new ConfigDef().define(name, type, null).parse({ [name]: value })[name];

const throwsMessage = (fn: () => unknown, message: string): void => {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ConfigException, `expected ConfigException, got ${String(e)}`);
    assert.equal(e.message, message);
    return true;
  });
};

const noCtx: SchemaContext = { lambda: () => ({}) };

describe('parsing types like Java ConfigDef.parseType', () => {
  test('BOOLEAN: true/false in any case, trimmed; anything else fails', () => {
    assert.equal(parseOne('BOOLEAN', 'true'), true);
    assert.equal(parseOne('BOOLEAN', 'TRUE'), true);
    assert.equal(parseOne('BOOLEAN', ' fAlSe '), false);
    assert.equal(parseOne('BOOLEAN', false), false);
    throwsMessage(() => parseOne('BOOLEAN', 'yes', 'errors.log.enable'),
      'Invalid value yes for configuration errors.log.enable: Expected value to be either true or false');
    throwsMessage(() => parseOne('BOOLEAN', '1'), 'Invalid value 1 for configuration k: Expected value to be either true or false');
  });

  test('STRING: trimmed; a non-string fails', () => {
    assert.equal(parseOne('STRING', '  hello world \t'), 'hello world');
    throwsMessage(() => parseOne('STRING', 5), 'Invalid value 5 for configuration k: Expected value to be a string, but it was a number');
  });

  test('INT: optional sign, digits only, 32-bit range', () => {
    assert.equal(parseOne('INT', '42'), 42);
    assert.equal(parseOne('INT', ' +42 '), 42);
    assert.equal(parseOne('INT', '-2147483648'), -2147483648);
    assert.equal(parseOne('INT', '2147483647'), 2147483647);
    assert.equal(parseOne('INT', 7), 7);
    throwsMessage(() => parseOne('INT', 'abc', 'tasks.max'), 'Invalid value abc for configuration tasks.max: Not a number of type INT');
    throwsMessage(() => parseOne('INT', '4.2'), 'Invalid value 4.2 for configuration k: Not a number of type INT');
    throwsMessage(() => parseOne('INT', '1e3'), 'Invalid value 1e3 for configuration k: Not a number of type INT');
    throwsMessage(() => parseOne('INT', '0x10'), 'Invalid value 0x10 for configuration k: Not a number of type INT');
    throwsMessage(() => parseOne('INT', ''), 'Invalid value  for configuration k: Not a number of type INT');
    throwsMessage(() => parseOne('INT', '2147483648'), 'Invalid value 2147483648 for configuration k: Not a number of type INT');
    throwsMessage(() => parseOne('INT', 1.5), 'Invalid value 1.5 for configuration k: Not a number of type INT');
    throwsMessage(() => parseOne('INT', true), 'Invalid value true for configuration k: Expected value to be a 32-bit integer, but it was a boolean');
  });

  test('SHORT: 16-bit range', () => {
    assert.equal(parseOne('SHORT', '32767'), 32767);
    assert.equal(parseOne('SHORT', '-32768'), -32768);
    throwsMessage(() => parseOne('SHORT', '32768', 'errors.deadletterqueue.topic.replication.factor'),
      'Invalid value 32768 for configuration errors.deadletterqueue.topic.replication.factor: Not a number of type SHORT');
  });

  test('LONG: number within 2^53, exact bigint beyond, error outside the 64-bit range', () => {
    assert.equal(parseOne('LONG', '60000'), 60000);
    assert.equal(parseOne('LONG', '-1'), -1);
    assert.equal(parseOne('LONG', '9007199254740991'), 9007199254740991);
    assert.equal(parseOne('LONG', '9007199254740993'), 9007199254740993n);
    assert.equal(parseOne('LONG', '9223372036854775807'), 9223372036854775807n);
    assert.equal(parseOne('LONG', '-9223372036854775808'), -9223372036854775808n);
    throwsMessage(() => parseOne('LONG', '9223372036854775808'), 'Invalid value 9223372036854775808 for configuration k: Not a number of type LONG');
    throwsMessage(() => parseOne('LONG', 'abc', 'offset.flush.interval.ms'),
      'Invalid value abc for configuration offset.flush.interval.ms: Not a number of type LONG');
  });

  test('DOUBLE: Java syntax (exponents, d/f suffix, NaN, Infinity, hex floats)', () => {
    assert.equal(parseOne('DOUBLE', '1.5'), 1.5);
    assert.equal(parseOne('DOUBLE', ' 1e3 '), 1000);
    assert.equal(parseOne('DOUBLE', '.5'), 0.5);
    assert.equal(parseOne('DOUBLE', '5.'), 5);
    assert.equal(parseOne('DOUBLE', '1.5d'), 1.5);
    assert.equal(parseOne('DOUBLE', '-Infinity'), -Infinity);
    assert.ok(Number.isNaN(parseOne('DOUBLE', 'NaN')));
    assert.equal(parseOne('DOUBLE', '0x1.8p1'), 3);
    assert.equal(parseOne('DOUBLE', 2), 2);
    throwsMessage(() => parseOne('DOUBLE', 'abc'), 'Invalid value abc for configuration k: Not a number of type DOUBLE');
    throwsMessage(() => parseOne('DOUBLE', '0x10'), 'Invalid value 0x10 for configuration k: Not a number of type DOUBLE');
    throwsMessage(() => parseOne('DOUBLE', ''), 'Invalid value  for configuration k: Not a number of type DOUBLE');
  });

  test('LIST: split on commas with white space trimmed; empty string is []', () => {
    assert.deepEqual(parseOne('LIST', 'a, b ,c'), ['a', 'b', 'c']);
    assert.deepEqual(parseOne('LIST', ' a,b '), ['a', 'b']);
    assert.deepEqual(parseOne('LIST', ''), []);
    assert.deepEqual(parseOne('LIST', '   '), []);
    assert.deepEqual(parseOne('LIST', 'a,,b'), ['a', '', 'b']);
    assert.deepEqual(parseOne('LIST', 'a,'), ['a', '']);
    assert.deepEqual(parseOne('LIST', ['x', 'y']), ['x', 'y']);
    throwsMessage(() => parseOne('LIST', 3), 'Invalid value 3 for configuration k: Expected a comma separated list.');
  });

  test('CLASS: the trimmed class name (resolved elsewhere); empty is not a class', () => {
    assert.equal(parseOne('CLASS', ' org.apache.kafka.connect.json.JsonConverter '), 'org.apache.kafka.connect.json.JsonConverter');
    class MyConverter {}
    assert.equal(parseOne('CLASS', MyConverter), MyConverter);
    throwsMessage(() => parseOne('CLASS', '', 'key.converter'), 'Invalid value  for configuration key.converter: Class  could not be found.');
    throwsMessage(() => parseOne('CLASS', 1), 'Invalid value 1 for configuration k: Expected a Class instance or class name.');
  });

  test('PASSWORD: wrapped in Password, trimmed', () => {
    const p = parseOne('PASSWORD', ' s3cret ');
    assert.ok(p instanceof Password);
    assert.equal(p.value(), 's3cret');
    assert.ok(p.equals(new Password('s3cret')));
  });

  test('null stays null', () => {
    assert.equal(ConfigDef.parseType('k', null, 'INT'), null);
  });
});

describe('Password never shows its value', () => {
  const secret = 'hunter2';
  const p = new Password(secret);

  test('String(), template strings and concatenation', () => {
    assert.equal(String(p), '[hidden]');
    assert.equal(`${p}`, '[hidden]');
    assert.equal('' + p, '[hidden]');
  });

  test('JSON.stringify, also nested', () => {
    assert.equal(JSON.stringify(p), '"[hidden]"');
    assert.equal(JSON.stringify({ 'sasl.jaas.config': p }), '{"sasl.jaas.config":"[hidden]"}');
  });

  test('util.inspect (console.log), also nested and with showHidden', () => {
    assert.equal(inspect(p), '[hidden]');
    const shown = inspect({ config: { password: p } }, { showHidden: true, depth: 5 });
    assert.ok(!shown.includes(secret), shown);
    assert.ok(shown.includes('[hidden]'));
  });

  test('parsed configs hide it too', () => {
    const values = new ConfigDef().define('db.password', 'PASSWORD', null).parse({ 'db.password': secret });
    assert.ok(!JSON.stringify(values).includes(secret));
    assert.ok(!inspect(values).includes(secret));
    assert.equal(ConfigDef.convertToString(values['db.password'], 'PASSWORD'), '[hidden]');
  });
});

describe('ConfigDef', () => {
  test('required keys: Missing required configuration, with the key on the exception', () => {
    const def = new ConfigDef().define({ name: 'connector.class', type: 'STRING' });
    assert.throws(() => def.parse({}), (e: unknown) => {
      assert.ok(e instanceof ConfigException);
      assert.equal(e.message, 'Missing required configuration "connector.class" which has no default value.');
      assert.equal(e.key, 'connector.class');
      return true;
    });
  });

  test('defaults are parsed at define time and filled in; unknown keys are ignored', () => {
    const def = new ConfigDef()
      .define('a', 'LONG', '5000')
      .define('b', 'LIST', 'x,y')
      .define('c', 'STRING', null)
      .define('d', 'BOOLEAN', false);
    assert.deepEqual(def.parse({ d: 'TRUE', unknown: 'kept elsewhere' }), { a: 5000, b: ['x', 'y'], c: null, d: true });
    assert.deepEqual(def.defaultValues(), { a: 5000, b: ['x', 'y'], c: null, d: false });
  });

  test('parse accepts a Map (as parseProperties returns)', () => {
    const def = new ConfigDef().define('tasks.max', 'INT', 1);
    assert.deepEqual(def.parse(new Map([['tasks.max', '3']])), { 'tasks.max': 3 });
  });

  test('both define forms; Java\'s (name, type, default, importance, doc) too', () => {
    const def = new ConfigDef()
      .define('a', 'INT', 1, Validators.atLeast(0), 'HIGH', 'doc a')
      .define('b', 'STRING', 'x', 'LOW', 'doc b')
      .define({ name: 'c', type: 'DOUBLE', defaultValue: 0.5, group: 'G', orderInGroup: 1, displayName: 'C' });
    const keys = def.configKeys();
    assert.deepEqual(def.names(), ['a', 'b', 'c']);
    assert.equal(keys.get('a')!.importance, 'HIGH');
    assert.equal(keys.get('a')!.documentation, 'doc a');
    assert.equal(keys.get('b')!.importance, 'LOW');
    assert.equal(keys.get('b')!.documentation, 'doc b');
    assert.equal(keys.get('b')!.validator, undefined);
    assert.equal(keys.get('c')!.displayName, 'C');
    assert.deepEqual(def.groups(), ['G']);
  });

  test('a key defined twice is an error; a default (null too) failing its validator is an error, as in Java', () => {
    throwsMessage(() => new ConfigDef().define('a', 'INT', 1).define('a', 'INT', 2), 'Configuration a is defined twice.');
    throwsMessage(() => new ConfigDef().define('a', 'INT', 0, Validators.atLeast(1)), 'Invalid value 0 for configuration a: Value must be at least 1');
    throwsMessage(() => new ConfigDef().define('a', 'INT', null, Validators.atLeast(1)), 'Invalid value null for configuration a: Value must be non-null');
  });

  test('validators with the same schema (compiled once, shared) still judge and word each value on its own', () => {
    const [low, high] = [Validators.between(1, 5), Validators.between(1, 5)];
    assert.doesNotThrow(() => low.ensureValid('low', 3));
    throwsMessage(() => high.ensureValid('high', 9), 'Invalid value 9 for configuration high: Value must be no more than 5');
    throwsMessage(() => low.ensureValid('low', 0), 'Invalid value 0 for configuration low: Value must be at least 1');
    assert.doesNotThrow(() => high.ensureValid('high', 5));
  });

  test('the first error in definition order is thrown', () => {
    const def = new ConfigDef()
      .define('first', 'INT', 1, Validators.atLeast(1))
      .define('second', 'INT', 1)
      .define('third', 'STRING');
    throwsMessage(() => def.parse({ first: '0', second: 'x' }), 'Invalid value 0 for configuration first: Value must be at least 1');
    throwsMessage(() => def.parse({ second: 'x' }), 'Invalid value x for configuration second: Not a number of type INT');
  });

  test('validate reports every key with its value and all errors', () => {
    const def = new ConfigDef()
      .define('tasks.max', 'INT', 1, Validators.atLeast(1))
      .define('mode', 'STRING', 'a', Validators.in('a', 'b'))
      .define({ name: 'name', type: 'STRING' })
      .define('fine', 'BOOLEAN', true);
    const values = def.validate({ 'tasks.max': '0', mode: 'c' });
    assert.deepEqual(values, [
      { name: 'tasks.max', value: 0, recommendedValues: [], errorMessages: ['Invalid value 0 for configuration tasks.max: Value must be at least 1'], visible: true },
      { name: 'mode', value: 'c', recommendedValues: [], errorMessages: ['Invalid value c for configuration mode: String must be one of: a, b'], visible: true },
      { name: 'name', value: null, recommendedValues: [], errorMessages: ['Missing required configuration "name" which has no default value.'], visible: true },
      { name: 'fine', value: true, recommendedValues: [], errorMessages: [], visible: true },
    ]);
    // A value that does not parse is null, and (as Java's parseForValidate) its validator judges that null too.
    const bad = def.validate({ 'tasks.max': 'abc', name: 'x' })[0]!;
    assert.equal(bad.value, null);
    assert.deepEqual(bad.errorMessages, [
      'Invalid value abc for configuration tasks.max: Not a number of type INT',
      'Invalid value null for configuration tasks.max: Value must be non-null',
    ]);
  });

  test('validate asks recommenders for valid values and visibility, given the parsed values', () => {
    const def = new ConfigDef()
      .define({ name: 'kind', type: 'STRING', defaultValue: 'file', dependents: ['path'] })
      .define({ name: 'path', type: 'STRING', defaultValue: null, recommender: {
        validValues: (_name, parsed) => (parsed['kind'] === 'file' ? ['/tmp/a', '/tmp/b'] : []),
        visible: (_name, parsed) => parsed['kind'] === 'file',
      } });
    const [, path] = def.validate({ kind: 'file' });
    assert.deepEqual(path!.recommendedValues, ['/tmp/a', '/tmp/b']);
    assert.equal(path!.visible, true);
    assert.equal(def.validate({ kind: 'db' })[1]!.visible, false);
  });

  test('dependents that are not defined are reported', () => {
    const def = new ConfigDef().define({ name: 'a', type: 'STRING', defaultValue: '', dependents: ['ghost'] });
    throwsMessage(() => def.parse({}), 'Some configurations in are referred in the dependents, but not defined: ghost');
    const ghost = def.validate({}).find((v) => v.name === 'ghost')!;
    assert.deepEqual(ghost.errorMessages, ['ghost is referred in the dependents, but not defined.']);
    assert.equal(ghost.visible, false);
  });

  test('merge makes a new def with both; a key in both is an error; neither input changes', () => {
    const a = new ConfigDef().define('x', 'INT', 1);
    const b = new ConfigDef().define('y', 'STRING', 'v', Validators.in('v', 'w'));
    const merged = a.merge(b);
    assert.deepEqual(merged.names(), ['x', 'y']);
    assert.deepEqual(merged.parse({ y: 'w' }), { x: 1, y: 'w' });
    assert.deepEqual(a.names(), ['x']);
    assert.deepEqual(b.names(), ['y']);
    throwsMessage(() => a.merge(new ConfigDef().define('x', 'INT', 2)), 'Configuration x is defined twice.');
  });

  test('new ConfigDef(base) copies; defining on the copy leaves the base alone', () => {
    const base = new ConfigDef().define('x', 'INT', 1);
    const copy = new ConfigDef(base).define('y', 'INT', 2);
    assert.deepEqual(base.names(), ['x']);
    assert.deepEqual(copy.names(), ['x', 'y']);
  });

  test('embed defines a child\'s keys under a prefix and group', () => {
    const child = new ConfigDef().define('field', 'STRING', null).define({ name: 'size', type: 'INT', defaultValue: 1, validator: Validators.atLeast(1), group: 'Sizes' });
    const def = new ConfigDef().embed('transforms.x.', 'Transforms: x', 1, child);
    assert.deepEqual(def.names(), ['transforms.x.field', 'transforms.x.size']);
    assert.deepEqual(def.groups(), ['Transforms: x', 'Transforms: x: Sizes']);
    throwsMessage(() => def.parse({ 'transforms.x.size': '0' }), 'Invalid value 0 for configuration transforms.x.size: Value must be at least 1');
  });

  test('the ajv schema is built and compiled once per ConfigDef, again only after define()', () => {
    let built = 0;
    const counting: Validator = {
      schema: () => { built++; return { type: 'number', minimum: 0 }; },
      ensureValid: (name, value) => { if ((value as number) < 0) throw new ConfigException(name, value, 'negative'); },
      toString: () => 'non-negative',
    };
    const def = new ConfigDef().define('n', 'INT', 0, counting);
    for (let i = 0; i < 5; i++) def.parse({ n: String(i) });
    def.validate({ n: '-1' });
    assert.equal(built, 1);
    def.define('m', 'INT', 0);
    def.parse({});
    assert.equal(built, 2);
  });
});

describe('Validators: JSON schema fragments with Kafka\'s messages', () => {
  test('they compile to JSON schema', () => {
    assert.deepEqual(Validators.atLeast(1).schema(noCtx), { type: 'number', minimum: 1 });
    assert.deepEqual(Validators.between(1, 5).schema(noCtx), { type: 'number', minimum: 1, maximum: 5 });
    assert.deepEqual(Validators.in('a', 'b').schema(noCtx), { enum: ['a', 'b'] });
    assert.deepEqual(Validators.validList('a').schema(noCtx), { type: 'array', items: { enum: ['a'] } });
    assert.deepEqual(Validators.listSize(2).schema(noCtx), { type: 'array', maxItems: 2 });
  });

  const def = (validator: Validator, type: ConfigType = 'STRING', defaultValue: unknown = null) =>
    new ConfigDef().define('k', type, defaultValue, validator);

  test('atLeast', () => {
    const d = def(Validators.atLeast(1), 'INT', 1);
    assert.deepEqual(d.parse({ k: '1' }), { k: 1 });
    throwsMessage(() => d.parse({ k: '0' }), 'Invalid value 0 for configuration k: Value must be at least 1');
    assert.equal(String(Validators.atLeast(1)), '[1,...]');
  });

  test('between', () => {
    const d = def(Validators.between(1, 5), 'DOUBLE', 1);
    assert.deepEqual(d.parse({ k: '5' }), { k: 5 });
    throwsMessage(() => d.parse({ k: '0.5' }), 'Invalid value 0.5 for configuration k: Value must be at least 1');
    throwsMessage(() => d.parse({ k: '6' }), 'Invalid value 6 for configuration k: Value must be no more than 5');
    throwsMessage(() => Validators.between(1, 5).ensureValid('k', null), 'Invalid value null for configuration k: Value must be non-null');
  });

  test('ranges compare LONG bigints too', () => {
    const d = def(Validators.atLeast(0), 'LONG', 0);
    assert.deepEqual(d.parse({ k: '9223372036854775807' }), { k: 9223372036854775807n });
    throwsMessage(() => d.parse({ k: '-9223372036854775808' }), 'Invalid value -9223372036854775808 for configuration k: Value must be at least 0');
  });

  test('in (ValidString)', () => {
    const d = def(Validators.in('none', 'all'), 'STRING', 'none');
    assert.deepEqual(d.parse({ k: 'all' }), { k: 'all' });
    throwsMessage(() => d.parse({ k: 'ALL' }), 'Invalid value ALL for configuration k: String must be one of: none, all');
  });

  test('caseInsensitiveIn (lists the valid strings upper-cased, in Java\'s HashSet order)', () => {
    const d = def(Validators.caseInsensitiveIn('poll', 'interval', 'connector'), 'STRING', 'poll');
    assert.deepEqual(d.parse({ k: 'InterVAL' }), { k: 'InterVAL' });
    throwsMessage(() => d.parse({ k: 'x' }), 'Invalid value x for configuration k: String must be one of (case insensitive): INTERVAL, POLL, CONNECTOR');
  });

  test('validList names the first bad item', () => {
    const d = def(Validators.validList('a', 'b'), 'LIST', '');
    assert.deepEqual(d.parse({ k: 'a,b,a' }), { k: ['a', 'b', 'a'] });
    throwsMessage(() => d.parse({ k: 'a,c,d' }), 'Invalid value c for configuration k: String must be one of: a, b');
  });

  test('nonEmptyString: null passes, empty fails', () => {
    const d = def(Validators.nonEmptyString());
    assert.deepEqual(d.parse({}), { k: null });
    throwsMessage(() => d.parse({ k: '  ' }), 'Invalid value  for configuration k: String must be non-empty');
  });

  test('nonEmptyStringWithoutControlChars', () => {
    const d = def(Validators.nonEmptyStringWithoutControlChars());
    throwsMessage(() => d.parse({ k: '' }), 'Invalid value  for configuration k: String may not be empty');
    throwsMessage(() => d.parse({ k: 'a\nb\u0085c' }),
      'Invalid value a\nb\u0085c for configuration k: String may not contain control sequences but had the following ASCII chars: 10, 133');
  });

  test('nonNull', () => {
    throwsMessage(() => def(Validators.nonNull()).parse({}), 'Invalid value null for configuration k: entry must be non null');
  });

  test('listSize', () => {
    throwsMessage(() => def(Validators.listSize(1), 'LIST', '').parse({ k: 'a,c' }), 'Invalid value [a, c] for configuration k: exceeds maximum list size of [1].');
  });

  test('composite reports the first failing validator', () => {
    const d = def(Validators.composite(Validators.atLeast(0), Validators.between(10, 20)), 'INT', 10);
    throwsMessage(() => d.parse({ k: '-1' }), 'Invalid value -1 for configuration k: Value must be at least 0');
    throwsMessage(() => d.parse({ k: '21' }), 'Invalid value 21 for configuration k: Value must be no more than 20');
  });

  test('lambda: throw a ConfigException, throw an Error, or return a reason; gets the typed value', () => {
    const seen: unknown[] = [];
    const even = Validators.lambda((name, value) => {
      seen.push(value);
      if ((value as number) % 2 !== 0) throw new ConfigException(name, value, 'Must be even');
    }, 'an even number');
    throwsMessage(() => def(even, 'INT', 0).parse({ k: '3' }), 'Invalid value 3 for configuration k: Must be even');
    assert.ok(seen.includes(3));
    throwsMessage(() => def(Validators.lambda((_n, v) => { if (v !== null) throw new Error('nope'); }, 'never'), 'STRING', null).parse({ k: 'x' }),
      'Invalid value x for configuration k: nope');
    throwsMessage(() => def(Validators.lambda((_n, v) => (v === null ? undefined : 'not today'), 'never'), 'STRING', null).parse({ k: 'x' }),
      'Invalid value x for configuration k: not today');
    const pw = Validators.lambda((_n, v) => (v instanceof Password && v.value().length < 8 ? 'Password too short' : undefined), 'long password');
    throwsMessage(() => def(pw, 'PASSWORD', null).parse({ k: 'short' }), 'Invalid value [hidden] for configuration k: Password too short');
    assert.equal(String(even), 'an even number');
  });

  test('regex', () => {
    const d = def(Validators.regex(), 'STRING', '');
    assert.deepEqual(d.parse({ k: 'topic-.*' }), { k: 'topic-.*' });
    assert.throws(() => d.parse({ k: '[' }), /^ConfigException: Invalid value \[ for configuration k: Invalid regex: /);
    assert.ok(compileJavaRegex('(?i)orders', true).test('ORDERS'));
    assert.ok(!compileJavaRegex('orders', true).test('orders-dlq'));
  });

  test('a custom JSON-schema validator with its own wording', () => {
    const port = Validators.schema({ type: 'integer', minimum: 1, maximum: 65535 }, () => 'Not a TCP port', 'a TCP port');
    const d = def(port, 'INT', 8083);
    assert.deepEqual(d.parse({ k: '8083' }), { k: 8083 });
    throwsMessage(() => d.parse({ k: '70000' }), 'Invalid value 70000 for configuration k: Not a TCP port');
  });
});
