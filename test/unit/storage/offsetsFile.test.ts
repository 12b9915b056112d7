import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOffsetsFile } from '../../../src/storage/OffsetBackingStore.js';

test('an offsets file as the store writes it is read back', () => {
  const key = JSON.stringify(['c', { filename: '/f' }]);
  assert.deepEqual(parseOffsetsFile('o', JSON.stringify({ [key]: '{"position":8}' })), new Map([[key, '{"position":8}']]));
  assert.deepEqual(parseOffsetsFile('o', '{}'), new Map());
});

test('what is not an offsets file is refused, naming the file and what is wrong', () => {
  const cases: Array<[string, RegExp]> = [
    ['', /empty/],
    ['  \n', /empty/],
    ['[]', /holds an array/],
    ['null', /holds null/],
    ['42', /holds a number/],
    ['{"a":', /not valid JSON/],
    ['{"position":"abc"}', /key "position" is not a source partition key/],
    [JSON.stringify({ '["c"]': '{}' }), /is not a source partition key/],
    [JSON.stringify({ '["c",{}]': 'abc' }), /offset of .* is not a source offset/],
    [JSON.stringify({ '["c",{}]': { position: 1 } }), /is not a source offset/],
    [JSON.stringify({ '["c",{}]': 'null' }), /is not a source offset/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseOffsetsFile('/data/connect.offsets', text), (err: Error) => {
      assert.match(err.message, /^\/data\/connect\.offsets: not a valid offsets file: /);
      assert.match(err.message, message);
      return true;
    }, JSON.stringify(text));
  }
});
