import type { MiddlewareHandler } from 'hono';
import { ApiError, Messages } from '../../../shared/errors.js';
import { authenticateKey } from '../../domain/api-keys.js';
import { resolveSession } from '../../domain/sessions.js';
import { userOfSession } from '../../domain/user-directory.js';
import { readSessionCookie } from '../cookies.js';
import type { AppEnv } from '../env.js';

const keyNotInHeader = () =>
  new ApiError(401, 'authentication_error', 'authentication_failed', Messages.keyNotInHeader);

/**
 * Decides who is calling. A personal API key is accepted only as `Authorization: Bearer phx_…`
 * (Deviation: PostHog also reads it from the query string and body; ASVS 14.2.1 forbids that).
 * Otherwise the `sessionid` cookie. Nothing is refused here except a bad or misplaced key:
 * each route's guard decides what a caller may do.
 */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const deps = c.get('deps');
  if (c.req.query('personal_api_key') !== undefined) throw keyNotInHeader();
  const body = c.get('body');
  if (body && typeof body === 'object' && 'personal_api_key' in body) throw keyNotInHeader();

  const authorization = c.req.header('authorization');
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw new ApiError(401, 'authentication_error', 'authentication_failed', Messages.keyInvalid);
    const { key, user } = authenticateKey(deps, match[1]);
    c.set('caller', { kind: 'key', key, user, scopes: JSON.parse(key.scopes) as string[] });
    return next();
  }

  const token = readSessionCookie(c);
  const session = token ? resolveSession(deps, token) : undefined;
  const user = session ? userOfSession(deps, session) : undefined;
  if (session && user) {
    c.set(
      'caller',
      session.state === 'active' ? { kind: 'session', session, user } : { kind: 'pending', session },
    );
  } else {
    c.set('caller', { kind: 'anonymous' });
  }
  await next();
};
