import type { MiddlewareHandler } from 'hono';
import { ApiError, Messages } from '../../../shared/errors.js';
import { ownOrigins } from './host-allow-list.js';
import { isUnsafe } from './json-body.js';

/**
 * Unsafe methods from another site are refused (security.md 20): a foreign or `null` Origin, or
 * `Sec-Fetch-Site: cross-site`. Tools without an Origin header (curl, scripts) pass.
 */
export function sameOrigin(port: () => number): MiddlewareHandler {
  return async (c, next) => {
    if (isUnsafe(c.req.method)) {
      const origin = c.req.header('origin');
      const site = c.req.header('sec-fetch-site');
      if ((origin !== undefined && !ownOrigins(port()).has(origin.toLowerCase())) || site === 'cross-site') {
        throw new ApiError(403, 'authentication_error', 'cross_site_request', Messages.originRefused);
      }
    }
    await next();
  };
}
