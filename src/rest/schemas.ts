// JSON schemas of the request bodies (fastify validates them with ajv; a violation is a 400).
// Config values are strings in Kafka Connect; numbers and booleans are accepted as their text, as
// Jackson does when it reads a Map<String, String>.

const configValue = { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'null' }] };

/** A connector config: a flat object of scalar values. */
export const CONFIG_MAP = {
  type: 'object',
  additionalProperties: configValue,
} as const;

/** POST /connectors */
export const CREATE_CONNECTOR = {
  type: 'object',
  required: ['config'],
  properties: {
    name: { type: ['string', 'null'] },
    config: CONFIG_MAP,
    initial_state: { type: ['string', 'null'] },
  },
} as const;

const offsetMap = { anyOf: [{ type: 'object' }, { type: 'null' }] };

/** PATCH /connectors/{name}/offsets */
export const CONNECTOR_OFFSETS = {
  type: 'object',
  properties: {
    offsets: {
      type: ['array', 'null'],
      items: {
        type: 'object',
        properties: { partition: offsetMap, offset: offsetMap },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
} as const;

/** PUT /admin/loggers/{name} */
export const LOGGER_LEVEL = {
  type: 'object',
  properties: { level: { type: ['string', 'null'] } },
} as const;

/** POST /connectors/{name}/tasks (internal) */
export const TASK_CONFIGS = {
  type: 'array',
  items: CONFIG_MAP,
} as const;

/** String values of a config body: numbers and booleans as text; nulls dropped or kept. */
export function stringConfig(config: Record<string, unknown>, keepNulls: true): Record<string, string | null>;
export function stringConfig(config: Record<string, unknown>, keepNulls?: false): Record<string, string>;
export function stringConfig(config: Record<string, unknown>, keepNulls = false): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(config)) {
    if (v === null || v === undefined) {
      if (keepNulls) out[k] = null;
    } else out[k] = String(v);
  }
  return out;
}

/** Keys whose value is null: Kafka refuses them in a full config ("Null value can not be supplied…"). */
export function nullKeys(config: Record<string, unknown>): string[] {
  return Object.entries(config).filter(([, v]) => v === null).map(([k]) => k);
}
