import type { ConnectRecord } from '../data/ConnectRecord.js';
import type { ConfigDef } from './ConfigDef.js';

/**
 * A single message transform. apply() is synchronous and runs once per record on the hot path:
 * derive schemas once and cache them; never await per record. Returning null drops the record.
 */
export interface Transformation<R extends ConnectRecord<R> = any> {
  configure(configs: Record<string, string>): void;
  apply(record: R): R | null;
  config(): ConfigDef;
  close(): void;
  version?(): string;
}

export interface Predicate<R extends ConnectRecord<R> = any> {
  configure(configs: Record<string, string>): void;
  test(record: R): boolean;
  config(): ConfigDef;
  close(): void;
  version?(): string;
}

export type TransformationClass = new () => Transformation;
export type PredicateClass = new () => Predicate;
