import { ConfigDef, DataException, Struct, type ConnectRecord, type Schema, type Transformation } from 'kconnect';

const CONFIG_DEF = new ConfigDef()
  .define({ name: 'field', type: 'STRING', defaultValue: '', importance: 'HIGH',
    documentation: 'The STRING field to upper-case. Empty: the whole key or value, which must then be a string.' });

/**
 * Upper-cases a string field of the key or value (a Struct, or a plain object when schemaless).
 * One class holds the logic; the Key and Value variants only say which side they work on, as
 * Kafka's own transforms do. apply() runs once per record: no awaits, nothing slow.
 */
abstract class Uppercase<R extends ConnectRecord<R>> implements Transformation<R> {
  private field = '';

  protected abstract schemaOf(record: R): Schema | null;
  protected abstract valueOf(record: R): unknown;
  protected abstract withValue(record: R, value: unknown): R;

  configure(props: Record<string, string>): void {
    this.field = CONFIG_DEF.parse(props)['field'] as string;
  }

  apply(record: R): R | null {
    const value = this.valueOf(record);
    if (value === null || value === undefined) return record; // tombstones pass through
    if (this.field === '') {
      if (typeof value !== 'string') throw new DataException(`Uppercase needs a string, got ${typeof value} in topic ${record.topic}`);
      return this.withValue(record, value.toUpperCase());
    }
    if (value instanceof Struct) {
      const current = value.get(this.field);
      if (typeof current !== 'string') return record;
      const copy = new Struct(value.schema);
      for (const f of value.schema.fields) copy.put(f, value.get(f));
      return this.withValue(record, copy.put(this.field, current.toUpperCase()));
    }
    if (typeof value === 'object') {
      const current = (value as Record<string, unknown>)[this.field];
      if (typeof current !== 'string') return record;
      return this.withValue(record, { ...(value as Record<string, unknown>), [this.field]: current.toUpperCase() });
    }
    throw new DataException(`Uppercase needs a Struct or an object to find field "${this.field}" in topic ${record.topic}`);
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {}

  version(): string {
    return '1.0.0';
  }
}

export class UppercaseKey<R extends ConnectRecord<R>> extends Uppercase<R> {
  protected schemaOf(record: R): Schema | null { return record.keySchema; }
  protected valueOf(record: R): unknown { return record.key; }
  protected withValue(record: R, key: unknown): R { return record.newRecord({ key }); }
}

export class UppercaseValue<R extends ConnectRecord<R>> extends Uppercase<R> {
  protected schemaOf(record: R): Schema | null { return record.valueSchema; }
  protected valueOf(record: R): unknown { return record.value; }
  protected withValue(record: R, value: unknown): R { return record.newRecord({ value }); }
}
