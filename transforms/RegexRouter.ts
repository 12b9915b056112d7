// RegexRouter: rename the topic of records whose topic matches a regex, with Java's replacement
// syntax ($1, ${name}) (org.apache.kafka.connect.transforms.RegexRouter).
// Deviation: a replacement that refers to a group the regex does not have is rejected when the
// connector is configured (Kafka only fails on the first matching record).

import { ConfigDef, type ConnectRecord, ConfigException } from 'kconnect';
import { BaseTransformation } from './util/base.js';
import { compileReplacement, JavaPattern, type JavaReplacement } from './util/javaRegex.js';
import { validRegex } from './util/validators.js';

const CONFIG_DEF = new ConfigDef()
  .define('regex', 'STRING', ConfigDef.NO_DEFAULT_VALUE, validRegex(), 'HIGH', 'Regular expression to use for matching.')
  .define('replacement', 'STRING', ConfigDef.NO_DEFAULT_VALUE, 'HIGH', 'Replacement string.');

export class RegexRouter<R extends ConnectRecord<R>> extends BaseTransformation<R> {
  static readonly OVERVIEW_DOC = 'Update the record topic using the configured regular expression and replacement string.'
    + '<p/>Under the hood, the regex is compiled to a <code>java.util.regex.Pattern</code>. '
    + 'If the pattern matches the input topic, <code>java.util.regex.Matcher#replaceFirst()</code> is used with the replacement string to obtain the new topic.';
  static readonly CONFIG_DEF = CONFIG_DEF;

  private regex = new JavaPattern('');
  private replacement: JavaReplacement = { parts: [] };

  protected configureWith(c: Record<string, unknown>): void {
    this.regex = new JavaPattern(c['regex'] as string);
    const replacement = c['replacement'] as string;
    try {
      this.replacement = compileReplacement(replacement, this.regex.find);
    } catch (e) {
      throw new ConfigException('replacement', replacement, (e as Error).message);
    }
  }

  protected transform(record: R): R | null {
    if (!this.regex.matches(record.topic)) return record;
    return record.newRecord({ topic: this.regex.replaceFirst(record.topic, this.replacement) });
  }
}
