// /connectors: Kafka Connect's ConnectorsResource (offsets are in offsets.ts).

import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { invalidConfig, NULL_VALUE_MESSAGE } from '../../herder/configInfos.js';
import { BadRequestException } from '../../herder/Herder.js';
import type { ConnectorInfo, ConnectorStateInfo, TargetState } from '../../herder/types.js';
import { NotFoundException } from '../../data/errors.js';
import { RestError } from '../errors.js';
import { accepted, noContent, ok, route, type Answer } from '../handler.js';
import { booleanQuery, enumQuery, queryFlag, queryList, withQuery } from '../query.js';
import { CONFIG_MAP, CREATE_CONNECTOR, nullKeys, stringConfig } from '../schemas.js';
import type { RestContext } from '../server.js';

type Named = FastifyRequest<{ Params: { name: string } }>;
type NamedTask = FastifyRequest<{ Params: { name: string; task: string } }>;

const INITIAL_STATES: Record<string, TargetState> = { RUNNING: 'STARTED', PAUSED: 'PAUSED', STOPPED: 'STOPPED' };

/** ConnectorsResource.checkAndPutConnectorConfigName */
function withName(name: string, config: Record<string, string>): Record<string, string> {
  const included = config['name'];
  if (included !== undefined && included !== name) {
    throw new BadRequestException(`Connector name configuration (${included}) doesn't match connector name in the URL (${name})`);
  }
  return { ...config, name };
}

function rejectNulls(config: Record<string, unknown>): void {
  const keys = nullKeys(config);
  if (keys.length > 0) throw invalidConfig(keys.map(() => NULL_VALUE_MESSAGE));
}

function location(name: string): Record<string, string> {
  return { location: `/connectors/${encodeURIComponent(name)}` };
}

/** Path task ids are integers; anything else names no task (Jersey answers 404 too). */
function taskId(req: NamedTask): { connector: string; task: number } {
  const raw = req.params.task;
  if (!/^\d{1,9}$/.test(raw)) throw new NotFoundException(`Task ${req.params.name}-${raw} not found: a task id is a non-negative integer`);
  return { connector: req.params.name, task: Number(raw) };
}

const EXPAND = ['status', 'info'] as const;

export function connectorsResource(ctx: RestContext): FastifyPluginAsync {
  const { herder } = ctx;
  const r = <R extends FastifyRequest>(fn: (req: R) => Promise<Answer>) => route<R>(ctx, fn);
  const trackingEnabled = (ctx.workerProps['topic.tracking.enable'] ?? 'true').trim().toLowerCase() !== 'false';
  const resetEnabled = (ctx.workerProps['topic.tracking.allow.reset'] ?? 'true').trim().toLowerCase() !== 'false';

  return async (app) => {
    app.get('/connectors', withQuery({ expand: enumQuery(EXPAND) }), r(async (req) => {
      const expand = queryList(req, 'expand');
      const names = await herder.connectors();
      if (expand.length === 0) return ok(names);
      const out: Record<string, { status?: ConnectorStateInfo; info?: ConnectorInfo }> = {};
      await Promise.all(names.map(async (name) => {
        try {
          const entry: { status?: ConnectorStateInfo; info?: ConnectorInfo } = {};
          if (expand.includes('status')) entry.status = await herder.connectorStatus(name);
          if (expand.includes('info')) entry.info = await herder.connectorInfo(name);
          out[name] = entry;
        } catch (err) {
          // Deleted while we looked it up: leave it out, as Kafka does.
          if (!(err instanceof NotFoundException)) throw err;
        }
      }));
      return ok(Object.fromEntries(names.filter((n) => n in out).map((n) => [n, out[n]])));
    }));

    app.post<{ Body: { name?: string | null; config: Record<string, unknown>; initial_state?: string | null } }>(
      '/connectors',
      { schema: { body: CREATE_CONNECTOR } },
      r(async (req: FastifyRequest<{ Body: { name?: string | null; config: Record<string, unknown>; initial_state?: string | null } }>) => {
        const body = req.body;
        const name = (body.name ?? '').trim();
        let initial: TargetState | undefined;
        if (body.initial_state !== undefined && body.initial_state !== null) {
          initial = INITIAL_STATES[body.initial_state.toUpperCase()];
          if (!initial) throw new RestError(400, `Invalid value ${body.initial_state} for initial_state: must be one of RUNNING, PAUSED, STOPPED`);
        }
        rejectNulls(body.config);
        const config = withName(name, stringConfig(body.config));
        const { info } = await herder.putConnectorConfig(name, config, false, initial);
        return { status: 201, body: info, headers: location(name) };
      }),
    );

    app.get('/connectors/:name', r(async (req: Named) => ok(await herder.connectorInfo(req.params.name))));
    app.get('/connectors/:name/config', r(async (req: Named) => ok(await herder.connectorConfig(req.params.name))));

    app.put<{ Params: { name: string }; Body: Record<string, unknown> }>(
      '/connectors/:name/config',
      { schema: { body: CONFIG_MAP } },
      r(async (req: FastifyRequest<{ Params: { name: string }; Body: Record<string, unknown> }>) => {
        const name = req.params.name;
        rejectNulls(req.body);
        const { created, info } = await herder.putConnectorConfig(name, withName(name, stringConfig(req.body)), true);
        return created ? { status: 201, body: info, headers: location(name) } : ok(info);
      }),
    );

    app.patch<{ Params: { name: string }; Body: Record<string, unknown> }>(
      '/connectors/:name/config',
      { schema: { body: CONFIG_MAP } },
      r(async (req: FastifyRequest<{ Params: { name: string }; Body: Record<string, unknown> }>) => {
        const name = req.params.name;
        const patch = stringConfig(req.body, true);
        if (patch['name'] !== undefined && patch['name'] !== null && patch['name'] !== name) {
          throw new BadRequestException(`Connector name configuration (${patch['name']}) doesn't match connector name in the URL (${name})`);
        }
        if (patch['name'] === null) delete patch['name'];
        return ok(await herder.patchConnectorConfig(name, patch));
      }),
    );

    app.get('/connectors/:name/status', r(async (req: Named) => ok(await herder.connectorStatus(req.params.name))));

    app.get('/connectors/:name/topics', r(async (req: Named) => {
      if (!trackingEnabled) throw new RestError(403, 'Topic tracking is disabled.');
      const info = await herder.connectorActiveTopics(req.params.name);
      return ok({ [info.connector]: { topics: info.topics } });
    }));

    app.put('/connectors/:name/topics/reset', r(async (req: Named) => {
      if (!trackingEnabled) throw new RestError(403, 'Topic tracking is disabled.');
      if (!resetEnabled) throw new RestError(403, 'Topic tracking reset is disabled.');
      await herder.resetConnectorActiveTopics(req.params.name);
      return accepted();
    }));

    app.post('/connectors/:name/restart', withQuery({ includeTasks: booleanQuery(), onlyFailed: booleanQuery() }), r(async (req: Named) => {
      const includeTasks = queryFlag(req, 'includeTasks', false);
      const onlyFailed = queryFlag(req, 'onlyFailed', false);
      if (!includeTasks && !onlyFailed) {
        await herder.restartConnector(req.params.name);
        return noContent();
      }
      return accepted(await herder.restartConnectorAndTasks({ connector: req.params.name, includeTasks, onlyFailed }));
    }));

    app.put('/connectors/:name/stop', r(async (req: Named) => {
      await herder.setTargetState(req.params.name, 'STOPPED');
      return noContent();
    }));
    app.put('/connectors/:name/pause', r(async (req: Named) => {
      await herder.setTargetState(req.params.name, 'PAUSED');
      return accepted();
    }));
    app.put('/connectors/:name/resume', r(async (req: Named) => {
      await herder.setTargetState(req.params.name, 'STARTED');
      return accepted();
    }));

    app.get('/connectors/:name/tasks', r(async (req: Named) => ok(await herder.taskConfigs(req.params.name))));
    app.get('/connectors/:name/tasks/:task/status', r(async (req: NamedTask) => ok(await herder.taskStatus(taskId(req)))));
    app.post('/connectors/:name/tasks/:task/restart', r(async (req: NamedTask) => {
      await herder.restartTask(taskId(req));
      return noContent();
    }));

    app.delete('/connectors/:name', r(async (req: Named) => {
      await herder.deleteConnector(req.params.name);
      return noContent();
    }));
  };
}
