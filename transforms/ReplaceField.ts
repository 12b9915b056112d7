// ReplaceField: keep, drop and rename fields (org.apache.kafka.connect.transforms.ReplaceField).
// `blacklist` and `whitelist`, the names Kafka used before 2.6 (removed in 4.0), still work as
// deprecated synonyms of `exclude` and `include`; the new name wins when both are set.

import {
  ConfigDef, displayValue, Validators, type ConnectRecord, ConfigException, type Field, type Schema,
  SchemaBuilder,
} from 'kconnect';
import { KEY, SideTransformation, VALUE, type Side } from './util/base.js';
import { REPLACE_NULL_WITH_DEFAULT_CONFIG, defineReplaceNullWithDefault, projectStruct, type FieldPlan } from './util/fields.js';
import { literalBuilder, read, ShapeCache } from './util/mapShapes.js';
import { type MapValue, requireMap, requireStruct, setEntry } from './util/requirements.js';
import { copySchemaBasics, SchemaCache } from './util/schemaUtil.js';

const PURPOSE = 'field replacement';

/** Java's String.split(":"): trailing empty strings are dropped. */
function splitColon(s: string): string[] {
  const parts = s.split(':');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

function parseRenameMappings(mappings: readonly string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const mapping of mappings) {
    const parts = splitColon(mapping);
    if (parts.length !== 2) throw new ConfigException('renames', displayValue(mappings), `Invalid rename mapping: ${mapping}`);
    m.set(parts[0]!, parts[1]!);
  }
  return m;
}

const CONFIG_DEF = defineReplaceNullWithDefault(new ConfigDef()
  .define('exclude', 'LIST', [], 'MEDIUM', 'Fields to exclude. This takes precedence over the fields to include.')
  .define('blacklist', 'LIST', null, 'LOW', 'Deprecated. Use exclude instead.')
  .define('include', 'LIST', [], 'MEDIUM', 'Fields to include. If specified, only these fields will be used.')
  .define('whitelist', 'LIST', null, 'LOW', 'Deprecated. Use include instead.')
  .define('renames', 'LIST', [], Validators.lambda((_name, value) => {
    parseRenameMappings(value as string[]);
  }, 'list of colon-delimited pairs, e.g. <code>foo:bar,abc:xyz</code>'), 'MEDIUM', 'Field rename mappings.'));

/** Kafka's ConfigUtils.translateDeprecatedConfigs for exclude/blacklist and include/whitelist. */
function translateDeprecated(configs: Record<string, string>): Record<string, string> {
  const out = { ...configs };
  for (const [target, alias] of [['exclude', 'blacklist'], ['include', 'whitelist']] as const) {
    if (out[target] === undefined && out[alias] !== undefined) out[target] = out[alias];
    delete out[alias];
  }
  return out;
}

abstract class ReplaceField<R extends ConnectRecord<R>> extends SideTransformation<R> {
  static readonly OVERVIEW_DOC = 'Filter or rename fields.';
  static readonly CONFIG_DEF = CONFIG_DEF;

  private exclude = new Set<string>();
  private include = new Set<string>();
  private renames = new Map<string, string>();
  private replaceNullWithDefault = true;
  private readonly plans = this.cache(new SchemaCache<FieldPlan>((s) => this.makePlan(s)));
  /** Schemaless: each key seen so far → its output name, or null when dropped. */
  private readonly outputNames = this.cache(new Map<string, string | null>());
  /** Schemaless: a compiled copy per input shape. */
  private readonly shapes = this.cache(new ShapeCache((keys) => literalBuilder(keys.flatMap((k) => {
    const out = this.keep(k) ? this.renamed(k) : null;
    return out === null ? [] : [[out, read(k)] as const];
  }))));

  constructor(side: Side) {
    super(side, 'ReplaceField');
  }

  override configure(configs: Record<string, string>): void {
    super.configure(translateDeprecated(configs));
  }

  protected configureWith(c: Record<string, unknown>): void {
    this.exclude = new Set(c['exclude'] as string[]);
    this.include = new Set(c['include'] as string[]);
    this.renames = parseRenameMappings(c['renames'] as string[]);
    this.replaceNullWithDefault = c[REPLACE_NULL_WITH_DEFAULT_CONFIG] as boolean;
  }

  private keep(name: string): boolean {
    return !this.exclude.has(name) && (this.include.size === 0 || this.include.has(name));
  }

  private renamed(name: string): string {
    return this.renames.get(name) ?? name;
  }

  protected transform(record: R): R | null {
    const value = this.side.value(record);
    if (value == null) return record;
    return this.side.schema(record) === null ? this.applySchemaless(record, value) : this.applyWithSchema(record, value);
  }

  private applySchemaless(record: R, operating: unknown): R {
    const value = requireMap(operating, PURPOSE);
    const build = this.shapes.builder(value);
    if (build !== null) return this.side.update(record, null, build(value, null, null, null, null, null));
    const updated: MapValue = {};
    const names = this.outputNames;
    for (const name in value) {
      let out = names.get(name);
      if (out === undefined) out = this.outputName(name);
      if (out !== null) setEntry(updated, out, value[name]);
    }
    return this.side.update(record, null, updated);
  }

  private outputName(name: string): string | null {
    const out = this.keep(name) ? this.renamed(name) : null;
    if (this.outputNames.size >= 10_000) this.outputNames.clear();
    this.outputNames.set(name, out);
    return out;
  }

  private applyWithSchema(record: R, operating: unknown): R {
    const value = requireStruct(operating, PURPOSE);
    const plan = this.plans.get(value.schema);
    return this.side.update(record, plan.schema, projectStruct(plan, value, this.replaceNullWithDefault));
  }

  private makePlan(schema: Schema): FieldPlan {
    const builder = copySchemaBasics(schema, SchemaBuilder.struct());
    const sources: Field[] = [];
    for (const field of schema.fields) {
      if (this.keep(field.name)) {
        builder.field(this.renamed(field.name), field.schema);
        sources.push(field);
      }
    }
    return { schema: builder.build(), sources };
  }
}

export class ReplaceFieldKey<R extends ConnectRecord<R>> extends ReplaceField<R> {
  constructor() {
    super(KEY);
  }
}

export class ReplaceFieldValue<R extends ConnectRecord<R>> extends ReplaceField<R> {
  constructor() {
    super(VALUE);
  }
}
