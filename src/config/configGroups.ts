// Kafka's ConfigDef keys carry a group and an order within it (what `config/validate` and the docs
// list them by). Kafka's config classes number them with `++orderInGroup` per definition; here one
// function does that numbering.

import type { ConfigKeyDef } from '../api/ConfigDef.js';

/** A running number shared by the groups that Kafka numbers as one run. */
export interface Numbering {
  last: number;
}

/**
 * Gives each key `group` and the next number of `numbering` as its orderInGroup, in the order the
 * keys are defined. Groups pass one numbering when Kafka numbers them in one run (ConnectorConfig's
 * Common, Transforms and Predicates keys).
 */
/** Completes a key of one group with its group and number. */
export type InGroup = (key: Omit<ConfigKeyDef, 'group' | 'orderInGroup'>) => ConfigKeyDef;

export function inGroup(group: string, numbering: Numbering = { last: 0 }): InGroup {
  return (key) => ({ ...key, group, orderInGroup: ++numbering.last });
}
