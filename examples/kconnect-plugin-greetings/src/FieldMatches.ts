import { ConfigDef, Struct, Validators, type ConnectRecord, type Predicate } from 'kconnect';

const CONFIG_DEF = new ConfigDef()
  .define({ name: 'field', type: 'STRING', importance: 'HIGH', documentation: 'The value field to look at.' })
  .define({ name: 'pattern', type: 'STRING', validator: Validators.regex(), importance: 'HIGH',
    documentation: 'A regular expression the whole field value must match.' });

/** True when a string field of the record's value (Struct or plain object) matches a pattern. */
export class FieldMatches<R extends ConnectRecord<R>> implements Predicate<R> {
  private field = '';
  private pattern = /^$/;

  configure(props: Record<string, string>): void {
    const config = CONFIG_DEF.parse(props);
    this.field = config['field'] as string;
    this.pattern = new RegExp(`^(?:${config['pattern'] as string})$`);
  }

  test(record: R): boolean {
    const value = record.value;
    let current: unknown;
    if (value instanceof Struct) current = value.schema.field(this.field) ? value.get(this.field) : undefined;
    else if (value !== null && typeof value === 'object') current = (value as Record<string, unknown>)[this.field];
    return typeof current === 'string' && this.pattern.test(current);
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {}

  version(): string {
    return '1.0.0';
  }
}
