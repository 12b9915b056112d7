// Kafka's SchemaUtil, and the cache of derived schemas every schema-changing transform keeps.

import { schemaEquals, type Schema, SchemaBuilder } from 'kconnect';

/** A builder of the same type (arrays keep their element schema) with name, version, doc and parameters copied. */
export function copySchemaBasics(source: Schema, builder?: SchemaBuilder): SchemaBuilder {
  const b = builder ?? (source.type === 'ARRAY' ? SchemaBuilder.array(source.valueSchema!) : new SchemaBuilder(source.type));
  if (source.name !== undefined) b.name(source.name);
  if (source.version !== undefined) b.version(source.version);
  if (source.doc !== undefined) b.doc(source.doc);
  if (source.parameters !== undefined) b.parameters(source.parameters);
  return b;
}

const RECENT = 16;

/**
 * What a transform derives from an input schema (the output schema, or a plan holding it), derived
 * once per schema. Lookups are by identity, in a WeakMap; on a miss, the last 16 inputs are compared
 * by value, as Kafka's LRU cache keyed by Schema#equals does, so equal schemas built separately (a
 * converter that rebuilds them per record) share one derivation.
 */
export class SchemaCache<T = Schema> {
  #byIdentity = new WeakMap<Schema, T>();
  #recent: { input: Schema; output: T }[] = [];

  constructor(private readonly derive: (input: Schema) => T) {}

  get(input: Schema): T {
    const hit = this.#byIdentity.get(input);
    if (hit !== undefined) return hit;
    return this.#miss(input);
  }

  #miss(input: Schema): T {
    for (const e of this.#recent) {
      if (schemaEquals(e.input, input)) {
        this.#byIdentity.set(input, e.output);
        return e.output;
      }
    }
    const output = this.derive(input);
    this.#byIdentity.set(input, output);
    this.#recent.push({ input, output });
    if (this.#recent.length > RECENT) this.#recent.shift();
    return output;
  }

  clear(): void {
    this.#byIdentity = new WeakMap();
    this.#recent = [];
  }
}
