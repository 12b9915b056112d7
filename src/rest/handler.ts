// What every route shares: Kafka Connect's request timeout, forwarding to the worker that can
// serve a request (HerderRequestHandler.completeOrForwardRequest), and strict query parameters.

import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TlsOptions } from 'node:tls';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RebalanceNeededException, RequestTargetException } from '../herder/Herder.js';
import { RestError } from './errors.js';

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
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
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
  const forwardParam = booleanParam(req, 'forward', undefined);
  if (forwardParam === false) throw new RestError(409, 'Cannot complete request because of a conflicting operation (e.g. worker rebalance)');
  if (target.forwardUrl === null) {
    throw new RestError(409, 'Cannot complete request momentarily due to no known leader URL, likely because a rebalance was underway.');
  }
  const url = new URL(req.url, target.forwardUrl);
  url.searchParams.set('forward', String(forwardParam === undefined));
  const headers: Record<string, string> = {};
  for (const h of ['authorization', 'x-connect-authorization', 'x-connect-request-signature-algorithm']) {
    const v = req.headers[h];
    if (typeof v === 'string') headers[h] = v;
  }
  const res = await forwardRequest(url, req.method, headers, req.body, opts.clientTls);
  return { status: res.status, body: res.body };
}

// ---------------------------------------------------------------------------------------------
// Query parameters: a value that is not one of the allowed ones is a 400, never ignored.

function queryValues(req: FastifyRequest, name: string): string[] {
  const v = (req.query as Record<string, unknown> | undefined)?.[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

export function booleanParam<T extends boolean | undefined>(req: FastifyRequest, name: string, fallback: T): boolean | T {
  const values = queryValues(req, name);
  if (values.length === 0) return fallback;
  if (values.length > 1) throw new RestError(400, `Query parameter ${name} may be given once`);
  const v = values[0]!.toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new RestError(400, `Invalid value '${values[0]}' for query parameter ${name}: must be true or false`);
}

export function enumParams<T extends string>(req: FastifyRequest, name: string, allowed: readonly T[], ignoreCase = false): T[] {
  return queryValues(req, name).map((raw) => {
    const v = ignoreCase ? raw.toLowerCase() : raw;
    if (!(allowed as readonly string[]).includes(v)) {
      throw new RestError(400, `Invalid value '${raw}' for query parameter ${name}: must be one of ${allowed.join(', ')}`);
    }
    return v as T;
  });
}
