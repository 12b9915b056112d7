// /connector-plugins: Kafka Connect's ConnectorPluginsResource.

import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { BadRequestException } from '../../herder/Herder.js';
import { ok, route } from '../handler.js';
import { booleanQuery, queryFlag, withQuery } from '../query.js';
import { CONFIG_MAP, stringConfig } from '../schemas.js';
import type { RestContext } from '../server.js';

type Plugin = FastifyRequest<{ Params: { plugin: string } }>;
type Validate = FastifyRequest<{ Params: { plugin: string }; Body: Record<string, unknown> }>;

const ALIAS_SUFFIX = 'Connector';

/** Works for full and simple class names; for the latter it gives the alias. */
function normalizedPluginName(name: string): string {
  return name.endsWith(ALIAS_SUFFIX) && name.length > ALIAS_SUFFIX.length ? name.slice(0, -ALIAS_SUFFIX.length) : name;
}

export function connectorPluginsResource(ctx: RestContext): FastifyPluginAsync {
  const { herder } = ctx;
  return async (app) => {
    app.get('/connector-plugins', withQuery({ connectorsOnly: booleanQuery() }), route(ctx, async (req) => ok(herder.connectorPlugins(queryFlag(req, 'connectorsOnly', true)))));

    app.get('/connector-plugins/:plugin/config', route(ctx, async (req: Plugin) => ok(herder.connectorPluginConfig(req.params.plugin))));

    app.put('/connector-plugins/:plugin/config/validate', { schema: { body: CONFIG_MAP } }, route(ctx, async (req: Validate) => {
      const plugin = req.params.plugin;
      const config = stringConfig(req.body, true);
      const included = config['connector.class'];
      if (included !== undefined && included !== null && !normalizedPluginName(included).endsWith(normalizedPluginName(plugin))) {
        throw new BadRequestException(`Included connector type ${included} does not match request type ${plugin}`);
      }
      return ok(await herder.validateConnectorConfig(config));
    }));
  };
}
