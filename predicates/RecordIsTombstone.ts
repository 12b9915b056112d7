// RecordIsTombstone: true for records with a null value
// (org.apache.kafka.connect.transforms.predicates.RecordIsTombstone).

import { ConfigDef, type ConnectRecord } from 'kconnect';
import { BasePredicate } from '../transforms/util/base.js';

const CONFIG_DEF = new ConfigDef();

export class RecordIsTombstone<R extends ConnectRecord<R>> extends BasePredicate<R> {
  static readonly OVERVIEW_DOC = 'A predicate which is true for records which are tombstones (i.e. have null value).';
  static readonly CONFIG_DEF = CONFIG_DEF;

  override test(record: R): boolean {
    return record.value == null;
  }

  override toString(): string {
    return 'RecordIsTombstone{}';
  }
}
