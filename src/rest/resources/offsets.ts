// GET/PATCH/DELETE /connectors/{name}/offsets (KIP-875).

import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ConnectorOffset } from '../../herder/types.js';
import { RestError } from '../errors.js';
import { ok, route } from '../handler.js';
import { CONNECTOR_OFFSETS } from '../schemas.js';
import type { RestContext } from '../server.js';

type Named = FastifyRequest<{ Params: { name: string } }>;
type Patch = FastifyRequest<{ Params: { name: string }; Body: { offsets?: ConnectorOffset[] | null } | undefined }>;

export function offsetsResource(ctx: RestContext): FastifyPluginAsync {
  const { herder } = ctx;
  return async (app) => {
    app.get('/connectors/:name/offsets', route(ctx, async (req: Named) => ok(await herder.connectorOffsets(req.params.name))));

    app.patch('/connectors/:name/offsets', { schema: { body: CONNECTOR_OFFSETS } }, route(ctx, async (req: Patch) => {
      const offsets = req.body?.offsets;
      if (!offsets || offsets.length === 0) throw new RestError(400, 'Partitions / offsets need to be provided for an alter offsets request');
      const normalized = offsets.map((o) => ({ partition: o.partition ?? null, offset: o.offset ?? null })) as ConnectorOffset[];
      return ok(await herder.alterConnectorOffsets(req.params.name, normalized));
    }));

    app.delete('/connectors/:name/offsets', route(ctx, async (req: Named) => ok(await herder.resetConnectorOffsets(req.params.name))));
  };
}
