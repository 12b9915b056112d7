import { ConfigException } from '../data/errors.js';
import type { ConnectRecord } from '../data/ConnectRecord.js';
import type { Predicate, Transformation } from '../api/Transformation.js';
import type { PluginRegistry } from '../plugins/PluginRegistry.js';
import { TransformationChain, type TransformationStage } from './TransformationChain.js';

export function listValue(v: string | undefined): string[] {
  if (v === undefined) return [];
  return v.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

/** `transforms.X.foo=1` → `{foo: '1'}` for prefix `transforms.X.` */
export function withPrefix(props: Record<string, string>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(props)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
}

/**
 * Builds the SMT chain from `transforms`, `transforms.<alias>.*` and `predicates.<alias>.*`, as Kafka
 * Connect's ConnectorConfig does. Every error names the alias and key.
 */
export function buildTransformationChain<R extends ConnectRecord<R>>(
  props: Record<string, string>,
  plugins: PluginRegistry,
): TransformationChain<R> {
  const predicates = new Map<string, Predicate<R>>();
  for (const alias of new Set(listValue(props['predicates']))) {
    const key = `predicates.${alias}.type`;
    const type = props[key];
    if (!type) throw new ConfigException(key, null, 'Not a Predicate');
    let instance: Predicate<R>;
    try {
      instance = plugins.instantiate<Predicate<R>>(type, ['predicate']).instance;
    } catch (err) {
      throw new ConfigException(key, type, (err as Error).message);
    }
    const cfg = withPrefix(props, `predicates.${alias}.`);
    delete cfg['type'];
    try {
      instance.configure(cfg);
    } catch (err) {
      throw new ConfigException(`predicates.${alias}`, type, (err as Error).message);
    }
    predicates.set(alias, instance);
  }
  const stages: TransformationStage<R>[] = [];
  for (const alias of listValue(props['transforms'])) {
    const key = `transforms.${alias}.type`;
    const type = props[key];
    if (!type) throw new ConfigException(key, null, 'Not a Transformation');
    let transform: Transformation<R>;
    try {
      transform = plugins.instantiate<Transformation<R>>(type, ['transformation']).instance;
    } catch (err) {
      throw new ConfigException(key, type, (err as Error).message);
    }
    const cfg = withPrefix(props, `transforms.${alias}.`);
    const predicateAlias = cfg['predicate'];
    const negate = (cfg['negate'] ?? 'false').trim().toLowerCase() === 'true';
    delete cfg['type'];
    delete cfg['predicate'];
    delete cfg['negate'];
    try {
      transform.configure(cfg);
    } catch (err) {
      throw new ConfigException(`transforms.${alias}`, type, (err as Error).message);
    }
    let predicate: Predicate<R> | undefined;
    if (predicateAlias !== undefined && predicateAlias.trim() !== '') {
      predicate = predicates.get(predicateAlias.trim());
      if (!predicate) {
        throw new ConfigException(`transforms.${alias}.predicate`, predicateAlias, `Predicate alias ${predicateAlias} is not defined in predicates`);
      }
    }
    stages.push(predicate ? { alias, transform, predicate, negate } : { alias, transform, negate });
  }
  return new TransformationChain<R>(stages);
}
