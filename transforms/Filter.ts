// Filter: drop every record; used with a predicate to drop the matching (or, with negate, the
// non-matching) records (org.apache.kafka.connect.transforms.Filter).

import { ConfigDef, type ConnectRecord } from 'kconnect';
import { BaseTransformation } from './util/base.js';

const CONFIG_DEF = new ConfigDef();

export class Filter<R extends ConnectRecord<R>> extends BaseTransformation<R> {
  static readonly OVERVIEW_DOC = 'Drops all records, filtering them from subsequent transformations in the chain. '
    + 'This is intended to be used conditionally to filter out records matching (or not matching) '
    + 'a particular Predicate.';
  static readonly CONFIG_DEF = CONFIG_DEF;

  protected configureWith(): void {}

  protected transform(): R | null {
    return null;
  }
}
