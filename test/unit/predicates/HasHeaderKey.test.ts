import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectHeaders } from '../../../src/data/Headers.js';
import { HasHeaderKey } from '../../../predicates/HasHeaderKey.js';
import { assertConfigError, configured, sourceRecord } from '../transforms/helpers.js';

describe('HasHeaderKey', () => {
  it('is true when at least one header has the name', () => {
    const p = configured(HasHeaderKey, { name: 'h' });
    assert.equal(p.test(sourceRecord({ headers: new ConnectHeaders().addString('h', null) })), true);
    assert.equal(p.test(sourceRecord({ headers: new ConnectHeaders().addString('x', 'v').addInt('h', 1).addInt('h', 2) })), true);
    assert.equal(p.test(sourceRecord({ headers: new ConnectHeaders().addString('other', 'v') })), false);
    assert.equal(p.test(sourceRecord()), false);
    assert.equal(String(p), "HasHeaderKey{name='h'}");
  });

  it('rejects a missing or empty name', () => {
    assertConfigError(HasHeaderKey, {}, 'Missing required configuration "name" which has no default value.');
    assertConfigError(HasHeaderKey, { name: '' }, 'Invalid value  for configuration name: String must be non-empty');
  });
});
