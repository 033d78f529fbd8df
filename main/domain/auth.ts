import { ApiError, Messages, validationError } from '../../shared/errors.js';
import type { SessionRow } from '../db/repos/sessions.js';
import { recordActivity } from './audit.js';
import type { Deps, RequestContext } from './deps.js';
import { hasSecondFactor } from './passkeys/factors.js';
import { hashPassword, passwordNeedsRehash, verifyAgainstDummy, verifyPassword } from './passwords.js';
import { type IssuedSession, issueSession } from './sessions.js';
import { admit, reset } from './throttle.js';

/** Password login: 5 failures per account per 5 minutes, then 429 (security.md 12). */
export const LOGIN_FAILURE_LIMIT = 5;
export const LOGIN_WINDOW_MS = 5 * 60 * 1000;
export const loginThrottleKey = (email: string) => `login:${email.trim().toLowerCase()}`;

export type LoginOutcome =
  /** Signed in; `issued` is a new session unless this was a re-login of the current one. */
  | { kind: 'ok'; userId: number; issued: IssuedSession | null }
  /** Password right, second factor needed; `issued` is a password-verified-only session. */
  | { kind: '2fa_required'; userId: number; issued: IssuedSession | null };

export const twoFactorRequiredError = () =>
  new ApiError(401, 'authentication_error', '2fa_required', Messages.twoFactorRequired);

/**
 * POST /api/login. A login while signed in as the same user is a re-login: it refreshes the
 * sensitive-action window of the current session (after the second factor, when the user has one)
 * instead of issuing a new session.
 */
export async function login(
  deps: Deps,
  credentials: { email: string; password: string },
  ctx: RequestContext,
  current: SessionRow | undefined,
): Promise<LoginOutcome> {
  const key = loginThrottleKey(credentials.email);
  const user = deps.repos.users.byEmail(credentials.email.trim());
  // Counted before the scrypt await (security.md 23); a success below forgives it.
  const refusal = admit(deps, key, LOGIN_FAILURE_LIMIT, LOGIN_WINDOW_MS);
  if (refusal) {
    // One event per window and account, not one per refused try (security.md 25).
    if (refusal.first) recordActivity(deps, user?.id ?? null, 'login_throttled', {}, ctx);
    throw refusal.error;
  }
  // An unknown email costs one scrypt too, so timing does not reveal which accounts exist.
  const valid = user?.password_hash
    ? await verifyPassword(credentials.password, user.password_hash)
    : await verifyAgainstDummy(credentials.password);
  if (!user || !valid) {
    if (user) recordActivity(deps, user.id, 'login_failed', { reason: 'password' }, ctx);
    throw validationError('invalid_credentials', Messages.invalidCredentials);
  }
  reset(deps, key);
  await rehashIfOld(deps, user.id, user.password_hash!, credentials.password);
  const hasTwoFactor = hasSecondFactor(deps, user);
  const now = deps.clock.now();

  if (current && current.user_id === user.id && current.state === 'active') {
    if (hasTwoFactor) {
      deps.repos.sessions.setReauthPasswordAt(current.id, now);
      recordActivity(deps, user.id, 'two_factor_required', { relogin: true }, ctx);
      return { kind: '2fa_required', userId: user.id, issued: null };
    }
    deps.repos.sessions.reauthenticate(current.id, now);
    recordActivity(deps, user.id, 'relogin', {}, ctx);
    return { kind: 'ok', userId: user.id, issued: null };
  }
  // Anyone else's (or a half-finished) session in this browser ends: no session fixation.
  if (current) deps.repos.sessions.delete(current.id);
  const issued = issueSession(deps, user.id, hasTwoFactor ? 'pending_2fa' : 'active', ctx);
  if (hasTwoFactor) {
    recordActivity(deps, user.id, 'two_factor_required', {}, ctx);
    return { kind: '2fa_required', userId: user.id, issued };
  }
  recordActivity(deps, user.id, 'login', { session: issued.row.id, device: issued.row.device }, ctx);
  return { kind: 'ok', userId: user.id, issued };
}

/**
 * security.md 28: a hash made at an older scrypt cost is replaced after a successful verification,
 * the only moment the plain password is at hand. Compare-and-set: a password changed meanwhile wins.
 */
async function rehashIfOld(deps: Deps, userId: number, stored: string, password: string): Promise<void> {
  if (!passwordNeedsRehash(stored)) return;
  const fresh = await hashPassword(password);
  if (deps.repos.users.byId(userId)?.password_hash === stored) {
    deps.repos.users.update(userId, { password_hash: fresh });
  }
}

export function logout(deps: Deps, session: SessionRow, ctx: RequestContext): void {
  deps.repos.sessions.delete(session.id);
  recordActivity(deps, session.user_id, 'logout', { session: session.id }, ctx);
}
