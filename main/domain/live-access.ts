import type { Deps } from './deps.js';

/**
 * Whether an open live stream may go on: its session still exists, is fully signed in and not
 * expired, and its user is still active. Returns the user's current staff flag (staff streams
 * carry every user's events, so a demotion must narrow the stream at once).
 */
export function isActiveSession(deps: Deps, sessionId: number, userId: number): { isStaff: boolean } | null {
  const session = deps.repos.sessions.byIdForUser(sessionId, userId);
  if (!session || session.state !== 'active' || session.expires_at <= deps.clock.now()) return null;
  const user = deps.repos.users.byId(userId);
  if (!user) return null;
  return { isStaff: user.is_staff === 1 };
}
