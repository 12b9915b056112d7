// The audit log: one line per state-changing request on the `kconnect.audit` logger (route it,
// or change its level, on its own). Never a body, header or config value: only who did what to
// which connector and how it ended.

import type { FastifyReply, FastifyRequest } from 'fastify';
import { namedLogger } from '../../runtime/logger.js';
import { isReadRequest } from './roles.js';

export const AUDIT_LOGGER = 'kconnect.audit';
const audit = namedLogger(AUDIT_LOGGER);

export type AuditOutcome = 'success' | 'unauthenticated' | 'denied' | 'failed';

export function outcomeOf(status: number): AuditOutcome {
  if (status < 400) return 'success';
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'denied';
  return 'failed';
}

function connectorOf(req: FastifyRequest): string | undefined {
  const name = (req.params as Record<string, unknown> | undefined)?.['name'];
  if (typeof name === 'string') return name;
  const bodyName = (req.body as Record<string, unknown> | undefined)?.['name'];
  return typeof bodyName === 'string' ? bodyName : undefined;
}

export function auditRequest(req: FastifyRequest, reply: FastifyReply, user: string | undefined): void {
  if (isReadRequest(req.method)) return;
  const status = reply.statusCode;
  const query = req.query as Record<string, unknown> | undefined;
  audit.info(
    {
      user: user ?? null,
      method: req.method,
      path: req.url.split('?')[0],
      connector: connectorOf(req) ?? null,
      outcome: outcomeOf(status),
      status,
      requestId: req.id,
      // The hop a follower forwarded here: the same request id is in the follower's audit line.
      ...(query?.['forward'] !== undefined ? { forwarded: true } : {}),
      remote: req.ip,
    },
    'REST audit',
  );
}
