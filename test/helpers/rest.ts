/**
 * Plain HTTP for the REST API tests: any method, raw or JSON bodies, any headers, http or https.
 *
 *   const res = await rest('POST', `${url}/connectors`, { json: { name, config } });
 *   assert.equal(res.status, 201); res.body.name; res.headers.location;
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import assert from 'node:assert/strict';

export interface RestResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, or null when there is none. */
  body: any;
  text: string;
}

export interface RestOptions {
  /** Sent as JSON with Content-Type: application/json. */
  json?: unknown;
  /** Sent as is (set the content type yourself). */
  raw?: string | Buffer;
  headers?: Record<string, string>;
  /** TLS options for https (e.g. { ca } or { rejectUnauthorized: false }). */
  tls?: Record<string, unknown>;
  /**
   * Announce a body of this many bytes but send only the payload. For a body refused by its size:
   * the server answers 413 from the Content-Length and closes the connection, and a client still
   * writing the rest would meet a reset (EPIPE) that can cost it the answer.
   */
  announcedLength?: number;
}

export function rest(method: string, url: string, opts: RestOptions = {}): Promise<RestResponse> {
  const target = new URL(url);
  const payload = opts.json !== undefined ? Buffer.from(JSON.stringify(opts.json)) : opts.raw === undefined ? undefined : Buffer.from(opts.raw);
  const headers: Record<string, string> = { ...(opts.json !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers };
  if (payload) headers['content-length'] = String(opts.announcedLength ?? payload.length);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(target, { method, headers, ...(opts.tls ?? {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = null;
        if (text !== '') {
          try {
            body = JSON.parse(text);
          } catch {
            body = null;
          }
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text });
      });
    });
    req.on('error', reject);
    if (payload) req.write(payload);
    // A request announced longer than it is stays open until the server answers.
    if (opts.announcedLength === undefined) req.end();
  });
}

/** Asserts Kafka Connect's error shape: exactly `{error_code, message}`, the code equal to the status. */
export function assertError(res: RestResponse, status: number, message?: string | RegExp): void {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${res.text}`);
  assert.deepEqual(Object.keys(res.body ?? {}).sort(), ['error_code', 'message'], `error body: ${res.text}`);
  assert.equal(res.body.error_code, status);
  assert.equal(typeof res.body.message, 'string');
  if (typeof message === 'string') assert.equal(res.body.message, message);
  else if (message) assert.match(res.body.message, message);
}
