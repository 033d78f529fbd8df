import type { SessionRow } from '../db/repos/sessions.js';
import type { Deps, RequestContext } from './deps.js';
import { randomBase62, sha256Hex } from './tokens.js';

/** A new session's cookie values; the database keeps only the id's SHA-256. */
export interface IssuedSession {
  token: string;
  csrfToken: string;
  row: SessionRow;
}

/** "Chrome on Linux" from a User-Agent, for the sessions list; never the raw string. */
export function describeDevice(userAgent: string): string {
  if (!userAgent) return 'Unknown device';
  const browser = /Electron\//.test(userAgent)
    ? 'Userdesk app'
    : /Edg\//.test(userAgent)
      ? 'Edge'
      : /Chrome\//.test(userAgent)
        ? 'Chrome'
        : /Firefox\//.test(userAgent)
          ? 'Firefox'
          : /Safari\//.test(userAgent)
            ? 'Safari'
            : /curl\//.test(userAgent)
              ? 'curl'
              : /Mozilla\//.test(userAgent)
                ? 'Browser'
                : // node's fetch ("node"/"undici"), python-requests, Go, HTTPie, scripts naming themselves…
                  'Script or API client';
  const os = /Windows/.test(userAgent)
    ? 'Windows'
    : /Mac OS X|Macintosh/.test(userAgent)
      ? 'macOS'
      : /Android/.test(userAgent)
        ? 'Android'
        : /iPhone|iPad/.test(userAgent)
          ? 'iOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : '';
  return os && browser !== 'Script or API client' ? `${browser} on ${os}` : browser;
}

export function issueSession(
  deps: Pick<Deps, 'repos' | 'clock' | 'random' | 'config'>,
  userId: number,
  state: SessionRow['state'],
  ctx: RequestContext,
): IssuedSession {
  const now = deps.clock.now();
  const token = randomBase62(deps.random, 43);
  const csrfToken = randomBase62(deps.random, 43);
  const fields = {
    token_hash: sha256Hex(token),
    csrf_token: csrfToken,
    user_id: userId,
    state,
    created_at: now,
    last_activity_at: now,
    expires_at: now + deps.config.sessionIdleMs,
    authenticated_at: now,
    two_factor_verified_at: null,
    device: describeDevice(ctx.userAgent),
    ip: ctx.ip,
  };
  const id = deps.repos.sessions.insert(fields);
  return { token, csrfToken, row: { id, ...fields, reauth_password_at: null } };
}

/** Writes last activity at most once a minute, so reads stay reads. */
const TOUCH_EVERY_MS = 60_000;

/** The live session for a cookie value, or undefined when unknown or expired. */
export function resolveSession(
  deps: Pick<Deps, 'repos' | 'clock' | 'config'>,
  token: string,
): SessionRow | undefined {
  if (!token || token.length > 200) return undefined;
  const row = deps.repos.sessions.byTokenHash(sha256Hex(token));
  const now = deps.clock.now();
  if (!row) return undefined;
  if (row.expires_at <= now) {
    deps.repos.sessions.delete(row.id);
    return undefined;
  }
  if (now - row.last_activity_at >= TOUCH_EVERY_MS) {
    deps.repos.sessions.touch(row.id, now, now + deps.config.sessionIdleMs);
    row.last_activity_at = now;
  }
  return row;
}

/** Whether a sensitive action may proceed: a login or re-login within the window. */
export function isRecentlyAuthenticated(deps: Pick<Deps, 'clock' | 'config'>, session: SessionRow): boolean {
  return deps.clock.now() - session.authenticated_at < deps.config.sensitiveWindowMs;
}

/** Ends one session outright (a signup replacing whatever session the browser had). */
export function endSession(deps: Pick<Deps, 'repos'>, sessionId: number): void {
  deps.repos.sessions.delete(sessionId);
}

/** Deletes sessions past their expiry, so the table does not grow with abandoned logins. */
export function pruneExpiredSessions(deps: Pick<Deps, 'repos' | 'clock'>): void {
  deps.repos.sessions.deleteExpired(deps.clock.now());
}
