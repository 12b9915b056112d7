// Fast copies of schemaless maps. Building an object key by key with computed names costs V8 a
// runtime call per key (~25 ns); an object literal with constant keys is allocated from a template.
// So the hot schemaless transforms compile, once per input "shape" (its key sequence), a function
// returning an object literal: e.g. ReplaceField with renames qty:quantity and exclude internal turns
// {id, qty, internal} into `(v) => ({"id": v["id"], "quantity": v["qty"]})`.
//
// Keys are embedded as JSON string literals (always valid, never code). A shape holding "__proto__"
// is never compiled (a literal would set the prototype); after MAX_SHAPES distinct shapes, or for
// such keys, callers fall back to their generic loop.

import type { MapValue } from './requirements.js';

/** A compiled builder: `v` is the input map; `a`…`e` are whatever the transform passes for its expressions. */
export type Builder = (v: MapValue, a: unknown, b: unknown, c: unknown, d: unknown, e: unknown) => MapValue;

const MAX_SHAPES = 64;
const RECENT = 4;

/** The JS expression reading key `k` of the input map. */
export function read(k: string): string {
  return `v[${JSON.stringify(k)}]`;
}

/** Compiles `(v, a, b, c, d, e) => ({key: expr, …})`; null when a key cannot be a literal key. */
export function literalBuilder(entries: readonly (readonly [key: string, expr: string])[]): Builder | null {
  if (entries.some(([k]) => k === '__proto__')) return null;
  const body = `return {${entries.map(([k, e]) => `${JSON.stringify(k)}: ${e}`).join(', ')}};`;
  return new Function('v', 'a', 'b', 'c', 'd', 'e', body) as Builder;
}

interface Shape {
  keys: readonly string[];
  /** Builders by variant, compiled on first use; null when the shape cannot be compiled. */
  builders: (Builder | null | undefined)[];
}

/** Whether `map`'s keys, in for-in order, are exactly `keys`. */
function hasKeys(map: MapValue, keys: readonly string[]): boolean {
  let i = 0;
  for (const k in map) {
    if (k !== keys[i]) return false;
    i++;
  }
  return i === keys.length;
}

/**
 * Builders per input shape (and per variant: a transform whose output keys also depend on the record,
 * like InsertField skipping a null partition, numbers its variants 0…n-1).
 */
export class ShapeCache {
  readonly #recent: Shape[] = [];
  readonly #byKeys = new Map<string, Shape>();

  constructor(private readonly compile: (keys: readonly string[], variant: number) => Builder | null) {}

  /** The builder for this map's shape, or null: then use the generic path. */
  builder(map: MapValue, variant = 0): Builder | null {
    const recent = this.#recent;
    for (let i = 0; i < recent.length; i++) {
      const shape = recent[i]!;
      if (hasKeys(map, shape.keys)) {
        if (i > 0) {
          recent.splice(i, 1);
          recent.unshift(shape);
        }
        return this.#variant(shape, variant);
      }
    }
    return this.#lookup(map, variant);
  }

  #lookup(map: MapValue, variant: number): Builder | null {
    const keys: string[] = [];
    for (const k in map) keys.push(k);
    const id = JSON.stringify(keys);
    let shape = this.#byKeys.get(id);
    if (shape === undefined) {
      if (this.#byKeys.size >= MAX_SHAPES) return null;
      shape = { keys, builders: [] };
      this.#byKeys.set(id, shape);
    }
    this.#recent.unshift(shape);
    if (this.#recent.length > RECENT) this.#recent.pop();
    return this.#variant(shape, variant);
  }

  #variant(shape: Shape, variant: number): Builder | null {
    let b = shape.builders[variant];
    if (b === undefined) shape.builders[variant] = b = this.compile(shape.keys, variant);
    return b;
  }

  clear(): void {
    this.#recent.length = 0;
    this.#byKeys.clear();
  }
}
