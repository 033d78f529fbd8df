import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../../../shared/errors.js';

/**
 * DNS-rebinding defence (security.md 19): only `127.0.0.1:<port>`, `localhost:<port>` and
 * `[::1]:<port>` may name this server. Runs before anything else, on every path.
 */
export function hostAllowList(port: () => number): MiddlewareHandler {
  return async (c, next) => {
    if (!isAllowedHost(c.req.header('host'), port())) throw invalidHost();
    await next();
  };
}

/** The allow-list itself; the node:http fast path (fast-path.ts) asks it too. */
export function isAllowedHost(header: string | undefined | null, port: number): boolean {
  const host = (header ?? '').toLowerCase();
  return host === `127.0.0.1:${port}` || host === `localhost:${port}` || host === `[::1]:${port}`;
}

export const invalidHost = () => new ApiError(400, 'invalid_request', 'invalid_host', 'Invalid Host header.');

/** The origins a page served by this server can have. */
export const ownOrigins = (port: number) =>
  new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`]);
