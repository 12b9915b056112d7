// HasHeaderKey: true for records with at least one header of the configured name
// (org.apache.kafka.connect.transforms.predicates.HasHeaderKey).

import { ConfigDef, Validators, type ConnectRecord } from 'kconnect';
import { BasePredicate } from '../transforms/util/base.js';

const CONFIG_DEF = new ConfigDef()
  .define('name', 'STRING', ConfigDef.NO_DEFAULT_VALUE, Validators.nonEmptyString(), 'MEDIUM', 'The header name.');

export class HasHeaderKey<R extends ConnectRecord<R>> extends BasePredicate<R> {
  static readonly OVERVIEW_DOC = 'A predicate which is true for records with at least one header with the configured name.';
  static readonly CONFIG_DEF = CONFIG_DEF;

  private name = '';

  protected override configureWith(c: Record<string, unknown>): void {
    this.name = c['name'] as string;
  }

  override test(record: R): boolean {
    return record.headers.lastWithName(this.name) !== undefined;
  }

  override toString(): string {
    return `HasHeaderKey{name='${this.name}'}`;
  }
}
