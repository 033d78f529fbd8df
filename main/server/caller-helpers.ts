import type { Context } from 'hono';
import type { SessionRow } from '../db/repos/sessions.js';
import type { UserRow } from '../db/repos/users.js';
import type { Actor } from '../domain/user-update.js';
import type { AppEnv, AuthenticatedCaller } from './env.js';

/** The domain's view of the caller: which user, and whether through a session (and which) or a key. */
export function actorOf(caller: AuthenticatedCaller): Actor {
  return caller.kind === 'session'
    ? { user: caller.user, via: 'session', sessionId: caller.session.id }
    : { user: caller.user, via: 'key' };
}

/** The caller's session when the answer is about the caller: it fills `sensitive_session_expires_at`. */
export function ownSession(caller: AuthenticatedCaller, user: UserRow): SessionRow | undefined {
  return caller.kind === 'session' && caller.user.id === user.id ? caller.session : undefined;
}

/** DRF-style `next` / `previous` links for a limit/offset page. */
export function pageLinks(c: Context<AppEnv>, limit: number, offset: number, count: number) {
  const page = (o: number) => {
    const url = new URL(c.req.url);
    url.searchParams.set('limit', String(limit));
    url.searchParams.set('offset', String(o));
    return url.toString();
  };
  return {
    next: offset + limit < count ? page(offset + limit) : null,
    previous: offset > 0 ? page(Math.max(0, offset - limit)) : null,
  };
}
