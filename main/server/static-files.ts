import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** dist/renderer, found from this file both in dist/ (built) and main/ (run from source by tsx). */
export function defaultRendererDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // Built: dist/main/server → dist/renderer. From source: main/server → dist/renderer.
  const builtLayout = path.basename(path.resolve(here, '../..')) === 'dist';
  return builtLayout ? path.resolve(here, '../../renderer') : path.resolve(here, '../../dist/renderer');
}

/**
 * Serves the built renderer: files by path (hashed assets cached for a year), and index.html for
 * every other page path so the window's routes survive a reload. Files are read once and kept.
 */
export function createStaticHandler(rootDir: string) {
  const cache = new Map<string, { body: Buffer; type: string } | null>();
  const load = (file: string) => {
    if (!cache.has(file)) {
      const ok = file.startsWith(rootDir + path.sep) && existsSync(file) && statSync(file).isFile();
      cache.set(
        file,
        ok
          ? { body: readFileSync(file), type: TYPES[path.extname(file)] ?? 'application/octet-stream' }
          : null,
      );
    }
    return cache.get(file)!;
  };
  return (c: Context): Response => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(c.req.url).pathname);
    } catch {
      // A malformed %-escape (`/%ZZ`) names no file: a 404, not a URIError turned 500.
      return c.text('Not found', 404);
    }
    const requested = path.resolve(rootDir, `.${pathname}`);
    let file = load(requested);
    const isAsset = file !== null && c.req.path.startsWith('/assets/');
    if (!file && !path.extname(requested)) file = load(path.join(rootDir, 'index.html'));
    if (!file) {
      return c.text(
        existsSync(path.join(rootDir, 'index.html'))
          ? 'Not found'
          : 'The window is not built yet: run `npm run build`.',
        404,
      );
    }
    c.header('Content-Type', file.type);
    c.header('Cache-Control', isAsset ? 'public, max-age=31536000, immutable' : 'no-cache');
    return c.body(new Uint8Array(file.body), 200);
  };
}
