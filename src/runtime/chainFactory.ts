import { ConfigException } from '../data/errors.js';
import type { ConnectRecord } from '../data/ConnectRecord.js';
import type { Predicate, Transformation } from '../api/Transformation.js';
import type { PluginRegistry } from '../plugins/PluginRegistry.js';
import { pluginLogger } from './logger.js';
import { TransformationChain, type TransformationStage } from './TransformationChain.js';
import { predicateAliases, subConfig, transformSpecs, type PredicateSpec, type TransformSpec } from '../config/connectorConfig.js';

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

/** The task a chain or converter is built for: its plugins log under their class names with these bound. */
export interface PluginOwner {
  connector: string;
  task: number;
}

/** The declared predicates and the transforms of a connector config (see ConnectorSpec). */
export interface ChainSpec {
  predicates: readonly PredicateSpec[];
  transforms: readonly TransformSpec[];
}

/** The chain's part of raw connector props (validation and previews, before a full parse). */
export function chainSpecOf(props: Record<string, string>): ChainSpec {
  const predicates = predicateAliases(props).map((alias) => {
    const config = subConfig(props, `predicates.${alias}.`);
    return { alias, type: config['type']?.trim() ?? '', config };
  });
  return { predicates, transforms: transformSpecs(props) };
}

/** Builds the SMT chain from raw connector props (validation, chain previews). */
export function buildTransformationChain<R extends ConnectRecord<R>>(
  props: Record<string, string>,
  plugins: PluginRegistry,
  owner?: PluginOwner,
): TransformationChain<R> {
  return buildChain<R>(chainSpecOf(props), plugins, owner);
}

/**
 * Builds the SMT chain from parsed transform and predicate specs, as Kafka Connect's
 * ConnectorConfig does. Every error names the alias and key.
 */
export function buildChain<R extends ConnectRecord<R>>(spec: ChainSpec, plugins: PluginRegistry, owner?: PluginOwner): TransformationChain<R> {
  const predicates = new Map<string, Predicate<R>>();
  for (const p of spec.predicates) {
    const key = `predicates.${p.alias}.type`;
    if (!p.type) throw new ConfigException(key, null, 'Not a Predicate');
    let instance: Predicate<R>;
    let className: string;
    try {
      ({ instance, plugin: { className } } = plugins.instantiate<Predicate<R>>(p.type, ['predicate']));
    } catch (err) {
      throw new ConfigException(key, p.type, (err as Error).message);
    }
    const cfg = { ...p.config };
    delete cfg['type'];
    try {
      instance.configure(cfg);
    } catch (err) {
      throw new ConfigException(`predicates.${p.alias}`, p.type, (err as Error).message);
    }
    if (owner) pluginLogger(className, { ...owner, alias: p.alias }).debug({ config: Object.keys(cfg) }, 'Predicate configured');
    predicates.set(p.alias, instance);
  }
  const stages: TransformationStage<R>[] = [];
  for (const t of spec.transforms) {
    const { alias, type } = t;
    const key = `transforms.${alias}.type`;
    if (!type) throw new ConfigException(key, null, 'Not a Transformation');
    let transform: Transformation<R>;
    let className: string;
    try {
      ({ instance: transform, plugin: { className } } = plugins.instantiate<Transformation<R>>(type, ['transformation']));
    } catch (err) {
      throw new ConfigException(key, type, (err as Error).message);
    }
    const cfg = { ...t.config };
    delete cfg['type'];
    try {
      transform.configure(cfg);
    } catch (err) {
      throw new ConfigException(`transforms.${alias}`, type, (err as Error).message);
    }
    if (owner) pluginLogger(className, { ...owner, alias }).debug({ config: Object.keys(cfg) }, 'Transformation configured');
    let predicate: Predicate<R> | undefined;
    if (t.predicate) {
      predicate = predicates.get(t.predicate.alias);
      if (!predicate) {
        throw new ConfigException(`transforms.${alias}.predicate`, t.predicate.alias, `Predicate alias ${t.predicate.alias} is not defined in predicates`);
      }
    }
    stages.push(predicate ? { alias, transform, predicate, negate: t.negate } : { alias, transform, negate: t.negate });
  }
  return new TransformationChain<R>(stages);
}
