import { notFound } from '../../shared/errors.js';
import type { LoginSession } from '../../shared/login-sessions.js';
import { actedBy, recordActivity } from './audit.js';
import type { Deps, RequestContext } from './deps.js';

/** The user's signed-in sessions (users-api.md §4 row 16), most recently active first. */
export function listLoginSessions(
  deps: Deps,
  userId: number,
  currentSessionId: number | null,
): LoginSession[] {
  return deps.repos.sessions.activeForUser(userId, deps.clock.now()).map((s) => ({
    id: s.id,
    created_at: new Date(s.created_at).toISOString(),
    last_activity: new Date(s.last_activity_at).toISOString(),
    device: s.device || 'Unknown device',
    is_current: s.id === currentSessionId,
  }));
}

/** Signs one session out; 404 when it is not one of this user's. */
export function revokeLoginSession(
  deps: Deps,
  userId: number,
  sessionId: number,
  actorId: number,
  ctx: RequestContext,
): void {
  deps.db.transaction(() => {
    if (!deps.repos.sessions.byIdForUser(sessionId, userId)) throw notFound();
    deps.repos.sessions.delete(sessionId);
    recordActivity(
      deps,
      userId,
      'session_revoked',
      { session: sessionId, ...actedBy(deps, actorId, userId) },
      ctx,
    );
  })();
}

/**
 * Signs out every session of the user but `keepSessionId` (the caller's own, when the caller is
 * that user; null when staff acts for someone else, so all of theirs end).
 */
export function revokeOtherSessions(
  deps: Deps,
  userId: number,
  keepSessionId: number | null,
  actorId: number,
  ctx: RequestContext,
): number {
  return deps.db.transaction(() => {
    const count =
      keepSessionId === null
        ? deps.repos.sessions.deleteAllForUser(userId)
        : deps.repos.sessions.deleteOthers(userId, keepSessionId);
    recordActivity(deps, userId, 'sessions_revoked', { count, ...actedBy(deps, actorId, userId) }, ctx);
    return count;
  })();
}
