// /admin/loggers: Kafka Connect's LoggingResource (KIP-495, cluster scope from KIP-976).

import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { NotFoundException } from '../../data/errors.js';
import { log4jLevel } from '../../runtime/logger.js';
import { RestError } from '../errors.js';
import { noContent, ok, route } from '../handler.js';
import { enumQuery, queryList, withQuery } from '../query.js';
import { LOGGER_LEVEL } from '../schemas.js';
import type { RestContext } from '../server.js';

type Named = FastifyRequest<{ Params: { name: string } }>;
type SetLevel = FastifyRequest<{ Params: { name: string }; Body: { level?: string | null } | undefined }>;

export function loggersResource(ctx: RestContext): FastifyPluginAsync {
  const { herder } = ctx;
  return async (app) => {
    app.get('/admin/loggers', route(ctx, async () => ok(herder.allLoggerLevels())));

    app.get('/admin/loggers/:name', route(ctx, async (req: Named) => {
      const level = herder.loggerLevel(req.params.name);
      if (!level) throw new NotFoundException(`Logger ${req.params.name} not found.`);
      return ok(level);
    }));

    app.put('/admin/loggers/:name', withQuery({ scope: enumQuery(['worker', 'cluster'], true) }, { body: LOGGER_LEVEL }), route(ctx, async (req: SetLevel) => {
      const [scope = 'worker'] = queryList(req, 'scope').map((s) => s.toLowerCase());
      const levelString = req.body?.level;
      if (levelString === undefined || levelString === null) throw new RestError(400, "Desired 'level' parameter was not specified in request.");
      if (!log4jLevel(levelString)) throw new NotFoundException(`invalid log level '${levelString}'.`);
      if (scope === 'cluster') {
        await herder.setClusterLoggerLevel(req.params.name, levelString);
        return noContent();
      }
      return ok(herder.setWorkerLoggerLevel(req.params.name, levelString));
    }));
  };
}
