import type { MiddlewareHandler } from 'hono';
import { parse as parseCookies } from 'hono/utils/cookie';
import { ApiError, Messages } from '../../../shared/errors.js';
import { authenticateKey } from '../../domain/api-keys.js';
import { sessionCallerByTokenHash } from '../../domain/caller-cache.js';
import type { Deps } from '../../domain/deps.js';
import { liveSession } from '../../domain/sessions.js';
import { sha256Hex } from '../../domain/tokens.js';
import { SESSION_COOKIE } from '../cookies.js';
import type { AppEnv, Caller } from '../env.js';

const keyNotInHeader = () =>
  new ApiError(401, 'authentication_error', 'authentication_failed', Messages.keyNotInHeader);

/**
 * Who is calling, from the Authorization and Cookie header values (as the Web Headers object joins
 * them). Shared by this middleware and the node:http fast path (fast-path.ts), so both decide
 * identically. Throws the contract's 401 only for a malformed or unknown key.
 */
export function identifyCaller(
  deps: Deps,
  authorization: string | undefined | null,
  cookieHeader: string | undefined | null,
): Caller {
  if (authorization !== undefined && authorization !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw new ApiError(401, 'authentication_error', 'authentication_failed', Messages.keyInvalid);
    const { key, user, scopes } = authenticateKey(deps, match[1]);
    return { kind: 'key', key, user, scopes };
  }
  // hono/cookie's getCookie is this same parse over the same header.
  const token = cookieHeader ? parseCookies(cookieHeader, SESSION_COOKIE)[SESSION_COOKIE] : undefined;
  if (!token || token.length > 200) return { kind: 'anonymous' };
  const found = sessionCallerByTokenHash(deps, sha256Hex(token));
  // Expiry is checked on every request, cached row or not: it depends on the clock.
  const session = found && liveSession(deps, found.session);
  if (!found || !session) return { kind: 'anonymous' };
  return session.state === 'active'
    ? { kind: 'session', session, user: found.user }
    : { kind: 'pending', session };
}

/**
 * Decides who is calling. A personal API key is accepted only as `Authorization: Bearer phx_…`
 * (Deviation: PostHog also reads it from the query string and body; ASVS 14.2.1 forbids that).
 * Otherwise the `sessionid` cookie. Nothing is refused here except a bad or misplaced key:
 * each route's guard decides what a caller may do.
 */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.query('personal_api_key') !== undefined) throw keyNotInHeader();
  const body = c.get('body');
  if (body && typeof body === 'object' && 'personal_api_key' in body) throw keyNotInHeader();
  c.set('caller', identifyCaller(c.get('deps'), c.req.header('authorization'), c.req.header('cookie')));
  await next();
};
