// DropHeaders: remove every header with one of the configured names
// (org.apache.kafka.connect.transforms.DropHeaders).

import { ConfigDef, type ConnectRecord, ConnectHeaders } from 'kconnect';
import { BaseTransformation } from './util/base.js';
import { nonEmptyList } from './util/validators.js';

const CONFIG_DEF = new ConfigDef()
  .define('headers', 'LIST', ConfigDef.NO_DEFAULT_VALUE, nonEmptyList(), 'HIGH', 'The name of the headers to be removed.');

export class DropHeaders<R extends ConnectRecord<R>> extends BaseTransformation<R> {
  static readonly OVERVIEW_DOC = 'Removes one or more headers from each record.';
  static readonly CONFIG_DEF = CONFIG_DEF;

  private headers = new Set<string>();

  protected configureWith(c: Record<string, unknown>): void {
    this.headers = new Set(c['headers'] as string[]);
  }

  protected transform(record: R): R | null {
    const updated = new ConnectHeaders();
    for (const header of record.headers) if (!this.headers.has(header.key)) updated.add(header);
    return record.newRecord({ headers: updated });
  }
}
