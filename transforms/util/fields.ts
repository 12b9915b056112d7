// Reading Struct fields the way Kafka's transforms do, under `replace.null.with.default`.

import { type ConfigDef, type Field, type Schema, Struct } from 'kconnect';

export const REPLACE_NULL_WITH_DEFAULT_CONFIG = 'replace.null.with.default';

/** Adds `replace.null.with.default` (BOOLEAN, default true) to a transform's ConfigDef. */
export function defineReplaceNullWithDefault(def: ConfigDef): ConfigDef {
  return def.define(REPLACE_NULL_WITH_DEFAULT_CONFIG, 'BOOLEAN', true, 'MEDIUM',
    'Whether to replace fields that have a default value and that are null to the default value. '
    + 'When set to true, the default value is used, otherwise null is used.');
}

/** The field's value; a null value reads as the field's default when replaceNullWithDefault. */
export function fieldValue(struct: Struct, field: Field, replaceNullWithDefault: boolean): unknown {
  return replaceNullWithDefault ? struct.get(field) : struct.getWithoutDefault(field);
}

/** A derived struct schema and, for each of its fields in order, the input field its value comes from. */
export interface FieldPlan {
  readonly schema: Schema;
  readonly sources: readonly Field[];
}

/** A Struct of plan.schema holding the value of each source field of `value`. */
export function projectStruct(plan: FieldPlan, value: Struct, replaceNullWithDefault: boolean): Struct {
  const out = new Struct(plan.schema);
  const outFields = plan.schema.fields;
  const sources = plan.sources;
  for (let i = 0; i < outFields.length; i++) out.put(outFields[i]!, fieldValue(value, sources[i]!, replaceNullWithDefault));
  return out;
}
