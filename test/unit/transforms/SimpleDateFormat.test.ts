import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IllegalPatternError, ParseError, SimpleDateFormat } from '../../../transforms/util/SimpleDateFormat.js';

const T = Date.UTC(2017, 0, 3, 6, 30, 1, 864); // a Tuesday
const fmt = (pattern: string, ms: number): string => new SimpleDateFormat(pattern).format(ms);
const parse = (pattern: string, text: string): string => new Date(new SimpleDateFormat(pattern).parse(text)).toISOString();

describe('SimpleDateFormat (UTC, en_US)', () => {
  it('formats numeric fields with their widths', () => {
    assert.equal(fmt("yyyy-MM-dd'T'HH:mm:ss.SSSZ", 0), '1970-01-01T00:00:00.000+0000');
    assert.equal(fmt('yyyyMMdd', T), '20170103');
    assert.equal(fmt('y yy yyy yyyyy M d H m s S', T), '2017 17 2017 02017 1 3 6 30 1 864');
    assert.equal(fmt('k K h a', Date.UTC(2017, 0, 3, 0, 5)), '24 0 12 AM');
    assert.equal(fmt('k K h a', Date.UTC(2017, 0, 3, 13, 5)), '13 1 1 PM');
  });

  it('formats text fields', () => {
    assert.equal(fmt('EEE, d MMM yyyy HH:mm:ss z', T), 'Tue, 3 Jan 2017 06:30:01 UTC');
    assert.equal(fmt('EEEE MMMM yy h:mm a G', T), 'Tuesday January 17 6:30 AM AD');
    assert.equal(fmt('zzzz X XX XXX', T), 'Coordinated Universal Time Z Z Z');
    assert.equal(fmt("'o''clock' ''", T), "o'clock '");
  });

  it('formats day-of-year and week fields with US week rules', () => {
    assert.equal(fmt('D w W F u', T), '3 1 1 1 2');
    assert.equal(fmt('YYYY-ww', Date.UTC(2016, 11, 31)), '2016-53');
    assert.equal(fmt('YYYY-ww yyyy', Date.UTC(2018, 11, 31)), '2019-01 2018');
    assert.equal(fmt('W', Date.UTC(2017, 4, 31)), '5');
  });

  it('formats dates before 1970 and BC years', () => {
    assert.equal(fmt('yyyy-MM-dd HH:mm:ss.SSS', -1), '1969-12-31 23:59:59.999');
    assert.equal(fmt('yyyy-MM-dd G', Date.UTC(-1, 0, 1)), '0002-01-01 BC');
  });

  it('parses leniently, as Java', () => {
    assert.equal(parse('yyyyMMdd', '20170103'), '2017-01-03T00:00:00.000Z');
    assert.equal(parse('yyyy-MM-dd', '2017-1-3'), '2017-01-03T00:00:00.000Z');
    assert.equal(parse('yyyy-MM-dd', '2017-13-01'), '2018-01-01T00:00:00.000Z');
    assert.equal(parse('yyyy-MM-dd', '2017-01-03 and more'), '2017-01-03T00:00:00.000Z');
    assert.equal(parse('yyyy-MM-dd HH:mm', '2017-01-03  6:30'), '2017-01-03T06:30:00.000Z');
    assert.equal(parse('dd/MMM/yyyy:HH:mm:ss Z', '03/Jan/2017:06:30:01 +0100'), '2017-01-03T05:30:01.000Z');
    assert.equal(parse("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", '2017-01-03T06:30:01.864-02:00'), '2017-01-03T08:30:01.864Z');
    assert.equal(parse('EEE, d MMMM yyyy h:mm a', 'tue, 3 january 2017 6:30 pm'), '2017-01-03T18:30:00.000Z');
    assert.equal(parse('yyyy D', '2017 34'), '2017-02-03T00:00:00.000Z');
  });

  it('reads two-digit years within 80 years before and 20 after now', () => {
    const now = new Date().getUTCFullYear();
    const year = Number(parse('yy', String((now + 5) % 100).padStart(2, '0')).slice(0, 4));
    assert.equal(year, now + 5);
    const old = Number(parse('yy', String((now - 50) % 100).padStart(2, '0')).slice(0, 4));
    assert.equal(old, now - 50);
    assert.equal(parse('yyyy', '17'), '0017-01-01T00:00:00.000Z');
  });

  it('fails to parse text that does not fit, as ParseException', () => {
    assert.throws(() => new SimpleDateFormat('yyyy-MM-dd').parse('xyz'), (e: unknown) => e instanceof ParseError && e.message === 'Unparseable date: "xyz"');
    assert.throws(() => new SimpleDateFormat('yyyy-MM-dd').parse('2017/01/03'), ParseError);
    assert.throws(() => new SimpleDateFormat('MMM').parse('Foo'), ParseError);
  });

  it('rejects bad patterns as Java does', () => {
    assert.throws(() => new SimpleDateFormat('yyyy-qq'), (e: unknown) => e instanceof IllegalPatternError && e.message === "Illegal pattern character 'q'");
    assert.throws(() => new SimpleDateFormat("yyyy 'unterminated"), { message: 'Unterminated quote' });
    assert.throws(() => new SimpleDateFormat('XXXX'), { message: 'invalid ISO 8601 format: length=4' });
    assert.equal(new SimpleDateFormat('yyyy').toPattern(), 'yyyy');
  });
});
