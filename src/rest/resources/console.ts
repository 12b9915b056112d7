// The web console at /ui/: three static files (src/rest/console), read once and served from memory.
// The page itself only calls the public REST API.

import { readFileSync } from 'node:fs';
import type { FastifyPluginAsync } from 'fastify';

const FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'console.js': 'text/javascript; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
};

/** dist/src/rest/resources → the source folder, which holds the console as written (no build step). */
const ROOT = new URL('../../../../src/rest/console/', import.meta.url);

let cache: Map<string, Buffer> | undefined;

function files(): Map<string, Buffer> {
  cache ??= new Map(Object.keys(FILES).map((f) => [f, readFileSync(new URL(f, ROOT))]));
  return cache;
}

export function consoleResource(): FastifyPluginAsync {
  return async (app) => {
    const headers = { 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' };
    // `/ui` and `/ui/` are one route (ignoreTrailingSlash); the page's relative links need the slash.
    app.get('/ui', async (req, reply) => {
      if (!req.url.split('?')[0]!.endsWith('/')) return reply.redirect('/ui/', 301);
      return reply.headers(headers).type(FILES['index.html']!).send(files().get('index.html'));
    });
    for (const file of Object.keys(FILES)) {
      app.get(`/ui/${file}`, async (_req, reply) => reply.headers(headers).type(FILES[file]!).send(files().get(file)));
    }
  };
}
