import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { JsonFloat, MISSING, canonicalJson, decodeBase64, parseJson, quote } from '../../../src/converters/jsonText.js';
import { encodeUtf8 } from '../../../src/converters/bufferOut.js';

describe('jsonText.parseJson', () => {
  it('parses like Jackson\'s default ObjectMapper', () => {
    assert.deepEqual(parseJson('{"a":[1,-2,true,false,null,"x\\n\\u00e9"]}', false), { a: [1, -2, true, false, null, 'x\né'] });
    assert.equal(parseJson('0012', false), 12);
    assert.equal(parseJson('-0', false), 0);
    assert.equal(parseJson('9007199254740993', false), 9007199254740993n);
    assert.equal(parseJson('9007199254740991', false), 9007199254740991);
    assert.equal(parseJson('1.50', false), 1.5);
    assert.ok(parseJson('1.50', true) instanceof JsonFloat);
    assert.equal((parseJson('1e3', true) as JsonFloat).text, '1e3');
    assert.equal(parseJson('   ', false), MISSING);
    assert.deepEqual(parseJson('[1] trailing', false), [1]);
    assert.throws(() => parseJson('[1] x', false, true), /expected end-of-input/);
    assert.throws(() => parseJson('12abc', false), /Expected space separating root-level values/);
    assert.throws(() => parseJson('truex', false), /Unrecognized token 'truex'/);
    assert.throws(() => parseJson('{"a":1', false), /Unexpected end-of-input/);
    assert.throws(() => parseJson('"\u0001"', false), /Illegal unquoted character/);
    assert.throws(() => parseJson('"\\x"', false), /Unrecognized character escape/);
    assert.throws(() => parseJson('1.', false), /Decimal point not followed by a digit/);
    assert.throws(() => parseJson('+1', false), /expected a valid value/);
  });

  it('__proto__ keys are data', () => {
    const o = parseJson('{"__proto__":{"polluted":1}}', false) as Record<string, unknown>;
    assert.ok(Object.hasOwn(o, '__proto__'));
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    assert.equal(Object.getPrototypeOf(o), Object.prototype);
  });

  it('canonicalJson and quote', () => {
    assert.equal(canonicalJson(parseJson('{ "a" : [ 1 , 1.50, 12345678901234567890 ] }', true)), '{"a":[1,1.50,12345678901234567890]}');
    assert.equal(quote('plain'), '"plain"');
    assert.equal(quote('\u001f\ud83d\ude00'), '"\\u001F\\uD83D\\uDE00"');
  });

  it('decodeBase64 is strict', () => {
    assert.equal(decodeBase64('AJw=')!.toString('hex'), '009c');
    assert.equal(decodeBase64('AJ w=')!.toString('hex'), '009c');
    assert.equal(decodeBase64('AJw'), null);
    assert.equal(decodeBase64('A-w='), null);
  });
});

describe('bufferOut.encodeUtf8', () => {
  it('concatenates prefix, UTF-8 body and suffix into independent views', () => {
    const a = encodeUtf8(Buffer.from('pre:'), 'é😀', 0x7d);
    const b = encodeUtf8(null, 'second', -1);
    assert.equal(a.toString(), 'pre:é😀}');
    assert.equal(b.toString(), 'second');
    const big = 'x'.repeat(100000);
    assert.equal(encodeUtf8(Buffer.from('['), big, 0x5d).length, 100002);
    assert.equal(a.toString(), 'pre:é😀}');
  });
});
