// `access.control.allow.origin` / `access.control.allow.methods`: Kafka Connect installs Jetty's
// CrossOriginFilter when an origin is configured. The same set-up on @fastify/cors: allowed origins
// are echoed back with credentials allowed; preflights get the allowed methods and headers.

import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

const DEFAULT_METHODS = 'GET,POST,HEAD';
const ALLOWED_HEADERS = 'X-Requested-With,Content-Type,Accept,Origin';
const PREFLIGHT_MAX_AGE_S = 1800;

/** Jetty's origin list: `*`, or comma-separated origins in which `*` matches anything. */
function originMatcher(allowOrigin: string): (origin: string) => boolean {
  const patterns = allowOrigin.split(',').map((s) => s.trim()).filter(Boolean);
  if (patterns.includes('*')) return () => true;
  const regexes = patterns.map((p) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`));
  return (origin) => regexes.some((r) => r.test(origin));
}

export function installCors(app: FastifyInstance, workerProps: Record<string, string>): void {
  const allowOrigin = workerProps['access.control.allow.origin']?.trim();
  if (!allowOrigin) return;
  const allowed = originMatcher(allowOrigin);
  const methods = (workerProps['access.control.allow.methods']?.trim() || DEFAULT_METHODS)
    .split(',').map((m) => m.trim().toUpperCase()).filter(Boolean);
  void app.register(cors, {
    origin: (origin, cb) => cb(null, origin !== undefined && allowed(origin)),
    credentials: true,
    methods: methods.join(','),
    allowedHeaders: ALLOWED_HEADERS,
    maxAge: PREFLIGHT_MAX_AGE_S,
    // Jetty answers 200 to a preflight and never routes it.
    optionsSuccessStatus: 200,
    strictPreflight: false,
  });
}
