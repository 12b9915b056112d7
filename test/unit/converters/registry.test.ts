import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AvroConverter, BUILTIN_CONVERTERS, BooleanConverter, ByteArrayConverter, CONVERTER_CLASSES, DoubleConverter, FloatConverter, IntegerConverter,
  JsonConverter, LongConverter, ShortConverter, SimpleHeaderConverter, StringConverter, converterClasses, headerConverterClasses,
} from '../../../src/converters/index.js';
import { plugins } from '../../../src/converters/plugins.js';

describe('converter names', () => {
  it('resolve Java class names and simple names', () => {
    const expected: [string, unknown][] = [
      ['org.apache.kafka.connect.json.JsonConverter', JsonConverter],
      ['org.apache.kafka.connect.storage.StringConverter', StringConverter],
      ['org.apache.kafka.connect.converters.ByteArrayConverter', ByteArrayConverter],
      ['org.apache.kafka.connect.converters.ShortConverter', ShortConverter],
      ['org.apache.kafka.connect.converters.IntegerConverter', IntegerConverter],
      ['org.apache.kafka.connect.converters.LongConverter', LongConverter],
      ['org.apache.kafka.connect.converters.FloatConverter', FloatConverter],
      ['org.apache.kafka.connect.converters.DoubleConverter', DoubleConverter],
      ['org.apache.kafka.connect.converters.BooleanConverter', BooleanConverter],
      ['org.apache.kafka.connect.storage.SimpleHeaderConverter', SimpleHeaderConverter],
    ];
    for (const [name, cls] of expected) {
      assert.equal(CONVERTER_CLASSES[name], cls, name);
      assert.equal(CONVERTER_CLASSES[name.slice(name.lastIndexOf('.') + 1)], cls, name);
      assert.equal(headerConverterClasses[name], cls, name);
    }
    assert.equal(converterClasses['SimpleHeaderConverter'], undefined);
    assert.equal(converterClasses['JsonConverter'], JsonConverter);
    assert.equal(converterClasses['io.confluent.connect.avro.AvroConverter'], AvroConverter);
    assert.equal(converterClasses['AvroConverter'], AvroConverter);
    assert.equal(headerConverterClasses['io.confluent.connect.avro.AvroConverter'], undefined);
    assert.equal(BUILTIN_CONVERTERS.length, 13);
  });

  it('plugin definitions cover both roles', () => {
    assert.equal(plugins.filter((p) => p.type === 'converter').length, 12);
    assert.equal(plugins.filter((p) => p.type === 'header_converter').length, 10);
    for (const p of plugins) {
      const inst = new p.impl();
      assert.equal(typeof (p.type === 'converter' ? (inst as JsonConverter).fromConnectData : (inst as SimpleHeaderConverter).fromConnectHeader), 'function');
    }
  });
});
