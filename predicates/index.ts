import { type PluginDefinition } from 'kconnect';
import { VERSION } from '../transforms/util/base.js';
import { HasHeaderKey } from './HasHeaderKey.js';
import { RecordIsTombstone } from './RecordIsTombstone.js';
import { TopicNameMatches } from './TopicNameMatches.js';

const PACKAGE = 'org.apache.kafka.connect.transforms.predicates';

/** Built-in predicates, under Kafka's class names; the registry adds the simple names as aliases. */
export const plugins: PluginDefinition[] = [TopicNameMatches, HasHeaderKey, RecordIsTombstone].map((impl) => ({
  type: 'predicate',
  className: `${PACKAGE}.${impl.name}`,
  version: VERSION,
  impl,
}));
