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

// The renderer's files are few and small; the bounds only matter if a path is never a file twice.
const MAX_CACHED_FILES = 256;
const MAX_CACHED_BYTES = 32 * 2 ** 20;
const MAX_CACHED_FILE_BYTES = 4 * 2 ** 20;

interface StaticFile {
  body: Buffer;
  type: string;
}

/**
 * Serves the built renderer: files by path (hashed assets cached for a year), and index.html for
 * every other page path so the window's routes survive a reload. Real files are kept in memory,
 * bounded (security.md 25): a path that names no file is never remembered, since a caller chooses
 * paths freely; past the bounds the least recently used file is dropped (and read again if asked).
 */
export function createStaticHandler(rootDir: string) {
  const cache = new Map<string, StaticFile>();
  let cachedBytes = 0;
  const remember = (file: string, entry: StaticFile) => {
    if (entry.body.length > MAX_CACHED_FILE_BYTES) return;
    cache.set(file, entry);
    cachedBytes += entry.body.length;
    // A Map iterates in insertion order: the first key is the least recently used one.
    while (cache.size > MAX_CACHED_FILES || cachedBytes > MAX_CACHED_BYTES) {
      const [oldest, dropped] = cache.entries().next().value as [string, StaticFile];
      cache.delete(oldest);
      cachedBytes -= dropped.body.length;
    }
  };
  const load = (file: string): StaticFile | null => {
    const hit = cache.get(file);
    if (hit) {
      cache.delete(file);
      cache.set(file, hit);
      return hit;
    }
    if (!file.startsWith(rootDir + path.sep) || !existsSync(file) || !statSync(file).isFile()) return null;
    const entry = { body: readFileSync(file), type: TYPES[path.extname(file)] ?? 'application/octet-stream' };
    remember(file, entry);
    return entry;
  };
  const handler = (c: Context): Response => {
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
  /** How many files the cache holds (tests check the bound). */
  return Object.assign(handler, { cachedEntries: () => cache.size });
}
