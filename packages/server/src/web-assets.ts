/**
 * The built web app at `/`. Its scripts and styles are compressed at build time (packages/web/vite.config.ts
 * writes `.br` and `.gz` beside each), so they are sent as they are, brotli or gzip as the browser accepts.
 * Vite names every file under `assets/` by a hash of its content: a changed file gets a new name, so the
 * browser may keep these for a year without asking again. index.html names the current files and is
 * therefore checked on every load.
 */
import { relative, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export async function serveWebApp(app: FastifyInstance, root: string): Promise<void> {
  // Served per request (not a route per file found at start), so a rebuilt web app needs no restart.
  await app.register(fastifyStatic, {
    root,
    preCompressed: true,
    cacheControl: false,
    // `path` is the file actually sent, the `.br` or `.gz` variant included.
    setHeaders(res, path) {
      const hashed = relative(root, path).startsWith(`assets${sep}`);
      res.setHeader('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      // Caches between here and the browser keep one answer per encoding.
      res.setHeader('vary', 'accept-encoding');
    },
  });
}
