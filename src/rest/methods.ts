// Kafka Connect (Jersey) answers a known path with a method it does not serve with 405, not 404:
// `DELETE /connectors`, `POST /connector-plugins`, `PATCH /connectors/{name}`.

import type { FastifyInstance } from 'fastify';

interface KnownRoute {
  method: string;
  pattern: RegExp;
}

function toPattern(url: string): RegExp {
  const parts = url.split('/').map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${parts.join('/')}/?$`);
}

/** Records every route as it is added; `allowed(path)` then names the methods that path serves. */
export function trackRoutes(app: FastifyInstance): { allowed(path: string): string[] } {
  const routes: KnownRoute[] = [];
  app.addHook('onRoute', (opts) => {
    for (const method of [opts.method].flat()) routes.push({ method: String(method).toUpperCase(), pattern: toPattern(opts.url) });
  });
  return {
    allowed: (path) => [...new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method))],
  };
}
