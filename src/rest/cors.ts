// `access.control.allow.origin` / `access.control.allow.methods`: Kafka Connect installs Jetty's
// CrossOriginFilter when an origin is configured. Same behaviour here: allowed origins are echoed
// back with credentials allowed; preflight requests get the allowed methods and headers.

import type { FastifyInstance } from 'fastify';

const DEFAULT_METHODS = 'GET,POST,HEAD';
const ALLOWED_HEADERS = 'X-Requested-With,Content-Type,Accept,Origin';
const PREFLIGHT_MAX_AGE = '1800';

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
  const methodsConfig = workerProps['access.control.allow.methods']?.trim() || DEFAULT_METHODS;
  const methods = methodsConfig.split(',').map((m) => m.trim().toUpperCase()).filter(Boolean);

  app.addHook('onRequest', async (req, reply) => {
    const origin = req.headers.origin;
    if (typeof origin !== 'string' || !allowed(origin)) return;
    const requestedMethod = req.headers['access-control-request-method'];
    if (req.method === 'OPTIONS' && typeof requestedMethod === 'string') {
      // A preflight: answered here, never routed.
      if (methods.includes(requestedMethod.toUpperCase())) {
        void reply.header('Access-Control-Allow-Origin', origin);
        void reply.header('Access-Control-Allow-Credentials', 'true');
        void reply.header('Access-Control-Allow-Methods', methods.join(','));
        void reply.header('Access-Control-Allow-Headers', ALLOWED_HEADERS);
        void reply.header('Access-Control-Max-Age', PREFLIGHT_MAX_AGE);
        void reply.header('Vary', 'Origin');
      }
      return reply.status(200).send();
    }
    void reply.header('Access-Control-Allow-Origin', origin);
    void reply.header('Access-Control-Allow-Credentials', 'true');
    void reply.header('Vary', 'Origin');
  });
}
