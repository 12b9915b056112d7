// Field paths (KIP-821, org.apache.kafka.connect.transforms.field): `field.syntax.version=V1` takes the
// configured name as one top-level field; `V2` reads dotted paths (`a.b.c`) where backticks wrap a
// name holding dots (`` `a.b`.c ``) and a backslash escapes a backtick inside them.

import { ConfigException, type Field, type Schema, Struct, type ConfigDef, Validators } from 'kconnect';
import { requireMapOrNull, requireStructOrNull } from './requirements.js';

export type FieldSyntaxVersion = 'V1' | 'V2';

export const FIELD_SYNTAX_VERSION_CONFIG = 'field.syntax.version';
const FIELD_SYNTAX_VERSION_DOC = 'Defines the version of the syntax to access fields. '
  + 'If set to `V1`, then the field paths are limited to access the elements at the root level of the struct or map. '
  + 'If set to `V2`, the syntax will support accessing nested elements. '
  + 'To access nested elements, dotted notation is used. '
  + 'If dots are already included in the field name, '
  + 'then backtick pairs can be used to wrap field names containing dots. '
  + 'E.g. to access the subfield `baz` from a field named "foo.bar" in a struct/map '
  + 'the following format can be used to access its elements: "`foo.bar`.baz".';

/** Adds `field.syntax.version` (V1 by default, case-insensitive) to a transform's ConfigDef. */
export function appendFieldSyntaxVersion(def: ConfigDef): ConfigDef {
  return def.define({
    name: FIELD_SYNTAX_VERSION_CONFIG,
    type: 'STRING',
    defaultValue: 'V1',
    validator: Validators.caseInsensitiveIn('V1', 'V2'),
    importance: 'HIGH',
    documentation: FIELD_SYNTAX_VERSION_DOC,
  });
}

export function fieldSyntaxVersion(value: string): FieldSyntaxVersion {
  const v = value.toUpperCase();
  if (v !== 'V1' && v !== 'V2') throw new ConfigException(FIELD_SYNTAX_VERSION_CONFIG, value, 'Unrecognized field syntax version');
  return v;
}

const PURPOSE = 'nested field access';

export class SingleFieldPath {
  readonly steps: readonly string[];
  readonly #parents: readonly string[];
  /** undefined only for an empty V2 path, which names no field. */
  readonly #last: string | undefined;

  constructor(readonly text: string, readonly version: FieldSyntaxVersion) {
    this.steps = Object.freeze(version === 'V1' ? [text] : parseV2(text));
    this.#parents = this.steps.slice(0, -1);
    this.#last = this.steps[this.steps.length - 1];
  }

  /** The field at this path in a STRUCT schema, or undefined. */
  fieldFrom(schema: Schema | null | undefined): Field | undefined {
    if (schema == null || this.#last === undefined) return undefined;
    let current = schema;
    for (const step of this.#parents) {
      const f = current.field(step);
      if (f === undefined) return undefined;
      current = f.schema;
    }
    return current.field(this.#last);
  }

  /** The value at this path in a Struct (schema defaults applied when withDefault), or null. */
  valueFromStruct(struct: Struct | null, withDefault = true): unknown {
    if (struct == null || this.#last === undefined) return null;
    let current: Struct | null = struct;
    for (const step of this.#parents) {
      if (current.schema.field(step) === undefined) return null;
      current = requireStructOrNull(current.get(step), PURPOSE);
      if (current === null) return null;
    }
    const f = current.schema.field(this.#last);
    if (f === undefined) return null;
    return withDefault ? current.get(f) : current.getWithoutDefault(f);
  }

  /** The value at this path in a schemaless map (plain object or Map), or null. */
  valueFromMap(map: Record<string, unknown> | Map<string, unknown> | null): unknown {
    if (map == null || this.#last === undefined) return null;
    let current: Record<string, unknown> | Map<string, unknown> | null = map;
    for (const step of this.#parents) {
      current = requireMapOrNull(getEntry(current, step), PURPOSE);
      if (current === null) return null;
    }
    return getEntry(current, this.#last);
  }

  toString(): string {
    return `SingleFieldPath{version=${this.version}, path=${this.steps.join('.')}}`;
  }
}

function getEntry(map: Record<string, unknown> | Map<string, unknown>, key: string): unknown {
  const v = map instanceof Map ? map.get(key) : Object.hasOwn(map, key) ? map[key] : undefined;
  return v === undefined ? null : v;
}

function incomplete(path: string, at: number): never {
  throw new ConfigException(`Incomplete backtick pair in path: [${path}], consider adding a backslash before backtick at position ${at} to escape it`);
}

function parseV2(path: string): string[] {
  const steps: string[] = [];
  let idx = 0;
  while (idx < path.length && idx >= 0) {
    if (path[idx] !== '`') {
      const start = idx;
      idx = path.indexOf('.', idx);
      if (idx >= 0) {
        steps.push(path.slice(start, idx));
        idx++;
      } else {
        steps.push(path.slice(start));
      }
      continue;
    }
    const backtickAt = idx;
    idx++;
    let field = '';
    let start = idx;
    for (;;) {
      idx = path.indexOf('`', idx);
      if (idx === -1) incomplete(path, backtickAt);
      const escaped = path[idx - 1] === '\\';
      if (idx >= path.length - 1) {
        if (escaped) incomplete(path, backtickAt);
        field += path.slice(start, idx);
        steps.push(field);
        idx++;
        break;
      }
      if (path[idx + 1] !== '.') {
        idx++;
        continue;
      }
      if (escaped) {
        field += path.slice(start, idx - 1) + '`';
        idx++;
        start = idx;
        continue;
      }
      field += path.slice(start, idx);
      steps.push(field);
      idx += 2;
      break;
    }
  }
  if (path.length > 0 && path[path.length - 1] === '.') steps.push('');
  return steps;
}
