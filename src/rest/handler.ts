// What every route shares: Kafka Connect's request timeout, forwarding to the worker that can
// serve a request (HerderRequestHandler.completeOrForwardRequest). Query parameters: query.ts.

import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TlsOptions } from 'node:tls';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RebalanceNeededException, RequestTargetException } from '../herder/Herder.js';
import { RestError } from './errors.js';
import { booleanQuery } from './query.js';

/** A handler's answer: a status and an optional JSON body. */
export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export const ok = (body: unknown): Answer => ({ status: 200, body });
export const accepted = (body?: unknown): Answer => ({ status: 202, body });
export const noContent = (): Answer => ({ status: 204 });

export interface HandlerOptions {
  /** Kafka's DEFAULT_REST_REQUEST_TIMEOUT_MS: 90 s. */
  requestTimeoutMs: number;
  /** TLS options for forwarding to https workers. */
  clientTls?: TlsOptions;
}

const FORWARD_TIMEOUT_MS = 90_000;

/** Each JSON request body as received (the content-type parser fills it). */
export const rawBodies = new WeakMap<object, string>();

/** The body bytes as the client sent them; undefined when there was none. */
export function rawBody(req: FastifyRequest): string | undefined {
  return rawBodies.get(req.raw) ?? rawBodies.get(req);
}

/** The request timed out, as Kafka words it (a 500: the operation itself was too slow). */
function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RestError(500, 'Request timed out')), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Sends one HTTP request to another worker; resolves with its status and JSON body. */
export function forwardRequest(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: unknown,
  tls: TlsOptions | undefined,
  raw?: string,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    // The very bytes received when there are some: a signature covers them, not a re-serialisation.
    const payload = raw !== undefined && raw.trim() !== '' ? Buffer.from(raw, 'utf8') : body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method,
        headers: { accept: 'application/json', ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}) },
        timeout: FORWARD_TIMEOUT_MS,
        ...(url.protocol === 'https:' ? tls : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text === '' ? undefined : JSON.parse(text);
          } catch {
            parsed = { error_code: 500, message: `Unexpected response from ${url.host}: ${text.slice(0, 200)}` };
          }
          resolve({ status: res.statusCode ?? 500, body: parsed });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('Request timed out')));
    req.on('error', (err) => reject(new RestError(500, `IO Error trying to forward REST request: ${err.message}`)));
    if (payload) req.write(payload);
    req.end();
  });
}

/**
 * Wraps a route: runs it under the request timeout, sends its Answer, and when the herder says
 * another worker must serve it (RequestTargetException), forwards the very same request there —
 * `forward=true` on the first hop (one more is allowed), `forward=false` on the second.
 */
export function route<R extends FastifyRequest>(opts: HandlerOptions, fn: (req: R) => Promise<Answer>) {
  return async (req: R, reply: FastifyReply): Promise<FastifyReply> => {
    let answer: Answer;
    try {
      answer = await withTimeout(fn(req), opts.requestTimeoutMs);
    } catch (err) {
      if (err instanceof RebalanceNeededException) {
        throw new RestError(409, 'Cannot complete request momentarily due to stale configuration (typically caused by a concurrent config change)');
      }
      if (!(err instanceof RequestTargetException)) throw err;
      answer = await forward(req, err, opts);
    }
    if (answer.headers) void reply.headers(answer.headers);
    void reply.status(answer.status);
    return answer.body === undefined ? reply.send() : reply.send(answer.body);
  };
}

async function forward(req: FastifyRequest, target: RequestTargetException, opts: HandlerOptions): Promise<Answer> {
  const hop = forwardParam(req);
  if (hop === false) throw new RestError(409, 'Cannot complete request because of a conflicting operation (e.g. worker rebalance)');
  if (target.forwardUrl === null) {
    throw new RestError(409, 'Cannot complete request momentarily due to no known leader URL, likely because a rebalance was underway.');
  }
  const url = new URL(req.url, target.forwardUrl);
  url.searchParams.set('forward', String(hop === undefined));
  // The caller's credentials go along, so the leader authenticates the user and applies that
  // user's rights again; the request id ties both workers' audit lines together.
  const headers: Record<string, string> = { 'x-request-id': req.id };
  for (const h of ['authorization', 'x-connect-authorization', 'x-connect-request-signature-algorithm']) {
    const v = req.headers[h];
    if (typeof v === 'string') headers[h] = v;
  }
  const res = await forwardRequest(url, req.method, headers, req.body, opts.clientTls, rawBody(req));
  return { status: res.status, body: res.body };
}

/**
 * `forward`, the workers' own parameter on any route (Connect's HerderRequestHandler): absent on a
 * client's request, true on the first hop, false on the second. Read only when forwarding, so it
 * is checked here rather than declared in every route's query schema.
 */
const FORWARD = booleanQuery();

function forwardParam(req: FastifyRequest): boolean | undefined {
  const v = (req.query as Record<string, string | string[] | undefined> | undefined)?.['forward'];
  if (v === undefined) return undefined;
  if (Array.isArray(v) || !/^(?:true|false)$/i.test(v)) throw new RestError(400, FORWARD.refused('forward', v));
  return v.toLowerCase() === 'true';
}
