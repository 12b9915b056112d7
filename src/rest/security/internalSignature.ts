// InternalRequestSignature.fromHeaders: the signature of a worker-to-worker request, read from
// X-Connect-Authorization and X-Connect-Request-Signature-Algorithm over the body bytes as sent.
// The herder checks it against the session key (src/herder/sessionKey.ts).

import type { FastifyRequest } from 'fastify';
import { isSupportedHmac, type InternalRequestSignature } from '../../herder/sessionKey.js';
import { RestError } from '../errors.js';
import { rawBody } from '../handler.js';

/** undefined when either header is missing (the herder then refuses an unsigned request). */
export function requestSignature(req: FastifyRequest): InternalRequestSignature | undefined {
  const encoded = req.headers['x-connect-authorization'];
  const algorithm = req.headers['x-connect-request-signature-algorithm'];
  if (typeof encoded !== 'string' || typeof algorithm !== 'string') return undefined;
  if (!isSupportedHmac(algorithm)) throw new RestError(400, `Algorithm ${algorithm} not available`);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) || encoded.length % 4 !== 0) {
    throw new RestError(400, 'Illegal base64 in the X-Connect-Authorization header');
  }
  return { algorithm, signature: Buffer.from(encoded, 'base64'), body: Buffer.from(rawBody(req) ?? '', 'utf8') };
}
