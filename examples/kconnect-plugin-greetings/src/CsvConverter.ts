import { ConfigDef, DataException, Schema, SchemaAndValue, SchemaBuilder, Struct, type Converter, type ConnectHeaders } from 'kconnect';

const CONFIG_DEF = new ConfigDef()
  .define({ name: 'separator', type: 'STRING', defaultValue: ',', importance: 'LOW', documentation: 'The character between two fields.' });

const ROW_SCHEMA = SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build();

/**
 * Writes a Struct (its fields in schema order), an array or a single value as one CSV line (RFC
 * 4180 quoting), and reads a line back as an array of strings. Used as `value.converter=CsvConverter`.
 */
export class CsvConverter implements Converter {
  private separator = ',';

  configure(configs: Record<string, unknown>, _isKey: boolean): void {
    this.separator = CONFIG_DEF.parse(configs)['separator'] as string;
  }

  fromConnectData(_topic: string, _headers: ConnectHeaders | undefined, _schema: Schema | null, value: unknown): Buffer | null {
    if (value === null || value === undefined) return null;
    const cells = value instanceof Struct ? value.schema.fields.map((f) => value.get(f))
      : Array.isArray(value) ? value : [value];
    return Buffer.from(cells.map((c) => this.quote(c)).join(this.separator), 'utf8');
  }

  toConnectData(_topic: string, _headers: ConnectHeaders | undefined, value: Buffer | null): SchemaAndValue {
    if (value === null) return SchemaAndValue.NULL;
    return SchemaAndValue.of(ROW_SCHEMA, this.parse(value.toString('utf8')));
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  private quote(cell: unknown): string {
    if (cell === null || cell === undefined) return '';
    if (typeof cell === 'object' && !(cell instanceof Date)) throw new DataException('CsvConverter can only write flat values');
    const text = String(cell);
    return /["\r\n]/.test(text) || text.includes(this.separator) ? `"${text.replaceAll('"', '""')}"` : text;
  }

  private parse(line: string): string[] {
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (quoted) {
        if (c === '"' && line[i + 1] === '"') cell += line[++i];
        else if (c === '"') quoted = false;
        else cell += c;
      } else if (c === '"') quoted = true;
      else if (line.startsWith(this.separator, i)) {
        cells.push(cell);
        cell = '';
        i += this.separator.length - 1;
      } else cell += c;
    }
    cells.push(cell);
    return cells;
  }
}
