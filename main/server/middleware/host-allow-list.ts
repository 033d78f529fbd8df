import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../../../shared/errors.js';

/**
 * DNS-rebinding defence (security.md 19): only `127.0.0.1:<port>`, `localhost:<port>` and
 * `[::1]:<port>` may name this server. Runs before anything else, on every path.
 */
export function hostAllowList(port: () => number): MiddlewareHandler {
  return async (c, next) => {
    const host = (c.req.header('host') ?? '').toLowerCase();
    const p = port();
    if (host !== `127.0.0.1:${p}` && host !== `localhost:${p}` && host !== `[::1]:${p}`) {
      throw new ApiError(400, 'invalid_request', 'invalid_host', 'Invalid Host header.');
    }
    await next();
  };
}

/** The origins a page served by this server can have. */
export const ownOrigins = (port: number) =>
  new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`]);
