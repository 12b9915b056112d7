// TopicNameMatches: true for records whose topic matches a Java regular expression as a whole
// (org.apache.kafka.connect.transforms.predicates.TopicNameMatches).

import { ConfigDef, Validators, type ConnectRecord, ConfigException } from 'kconnect';
import { BasePredicate } from '../transforms/util/base.js';
import { JavaPattern } from '../transforms/util/javaRegex.js';
import { validRegex } from '../transforms/util/validators.js';

const CONFIG_DEF = new ConfigDef()
  .define('pattern', 'STRING', ConfigDef.NO_DEFAULT_VALUE, Validators.composite(Validators.nonEmptyString(), validRegex()),
    'MEDIUM', "A Java regular expression for matching against the name of a record's topic.");

export class TopicNameMatches<R extends ConnectRecord<R>> extends BasePredicate<R> {
  static readonly OVERVIEW_DOC = 'A predicate which is true for records with a topic name that matches the configured regular expression.';
  static readonly CONFIG_DEF = CONFIG_DEF;

  private pattern: JavaPattern | undefined;

  protected override configureWith(c: Record<string, unknown>): void {
    const value = c['pattern'] as string;
    try {
      this.pattern = new JavaPattern(value);
    } catch (e) {
      throw new ConfigException('pattern', value, `entry must be a Java-compatible regular expression: ${(e as Error).message}`);
    }
  }

  override test(record: R): boolean {
    return record.topic != null && this.pattern!.matches(record.topic);
  }

  override toString(): string {
    return `TopicNameMatches{pattern=${this.pattern?.source ?? 'null'}}`;
  }
}
