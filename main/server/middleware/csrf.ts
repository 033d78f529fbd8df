import type { MiddlewareHandler } from 'hono';
import { ApiError, Messages } from '../../../shared/errors.js';
import { safeEqual } from '../../domain/tokens.js';
import { readCsrfCookie } from '../cookies.js';
import type { AppEnv } from '../env.js';
import { isUnsafe } from './json-body.js';

/**
 * Unsafe requests riding on a session cookie must echo the CSRF token in `X-CSRFToken`, equal to
 * the `csrftoken` cookie and to the token bound to that session (users-api.md §2).
 * Key callers carry no ambient credential, so they are exempt.
 */
export const csrf: MiddlewareHandler<AppEnv> = async (c, next) => {
  const caller = c.get('caller');
  if (isUnsafe(c.req.method) && (caller.kind === 'session' || caller.kind === 'pending')) {
    const header = c.req.header('x-csrftoken') ?? '';
    const cookie = readCsrfCookie(c) ?? '';
    if (!header || !safeEqual(header, cookie) || !safeEqual(header, caller.session.csrf_token)) {
      throw new ApiError(403, 'authentication_error', 'csrf_failed', Messages.csrfFailed);
    }
  }
  await next();
};
