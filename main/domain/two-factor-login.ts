/**
 * The login second step, `POST /api/login/token` (users-api.md §2, §5; security.md 3, 8, 11, 15):
 * a current TOTP code (each time step accepted once) or an unused backup code (single use)
 * completes a password-verified login, or a re-login of an active session.
 */
import { Messages, notAuthenticated, validationError } from '../../shared/errors.js';
import type { SessionRow } from '../db/repos/sessions.js';
import type { UserRow } from '../db/repos/users.js';
import { recordActivity } from './audit.js';
import { findBackupCode, normalizeBackupCode } from './backup-codes.js';
import type { Deps, RequestContext } from './deps.js';
import { admitSecondFactorTry, resetSecondFactorFailures } from './second-factor-guard.js';
import { type IssuedSession, rotateSessionId } from './sessions.js';
import { admit } from './throttle.js';
import { verifyTotp } from './totp.js';
import { openDeviceSecret, twoFactorNotices } from './two-factor.js';
import { tokenInvalid } from './two-factor-setup.js';

/** The password step counts for this long: after it, sign in again from the start. */
export const PASSWORD_STEP_VALID_MS = 10 * 60 * 1000;

type Outcome =
  | { ok: true; method: 'totp' }
  | { ok: true; method: 'backup_code'; remaining: number }
  | { ok: false; reason: 'invalid' | 'replay' };

/** What a submitted token can be: 6 digits (or a JSON number) → TOTP; else a backup code. */
function tokenKind(token: string | number): 'totp' | 'backup_code' {
  if (typeof token === 'number') return 'totp';
  return /^\d{6}$/.test(token.replace(/\s+/g, '')) || normalizeBackupCode(token) === null
    ? 'totp'
    : 'backup_code';
}

/**
 * The user a session may finish signing in as: a `pending_2fa` session whose password step is
 * recent, or an active one that re-entered its password recently (a re-login). Anything else is
 * 401 `not_authenticated`, as for any route a half-signed-in session may not use.
 */
function secondStepUser(deps: Deps, session: SessionRow): UserRow {
  const now = deps.clock.now();
  const passwordAt = session.state === 'pending_2fa' ? session.authenticated_at : session.reauth_password_at;
  if (passwordAt === null) throw notAuthenticated();
  if (now - passwordAt >= PASSWORD_STEP_VALID_MS) {
    if (session.state === 'pending_2fa') deps.repos.sessions.delete(session.id);
    // PostHog's answer once the password step is older than 10 minutes.
    throw validationError('2fa_expired', Messages.twoFactorExpired);
  }
  const user = deps.repos.users.byId(session.user_id);
  if (!user) throw notAuthenticated();
  return user;
}

async function checkTotp(deps: Deps, user: UserRow, token: string | number, nowMs: number): Promise<Outcome> {
  const device = deps.repos.totpDevices.forUser(user.id);
  if (!device) return { ok: false, reason: 'invalid' };
  const result = await verifyTotp({
    secret: openDeviceSecret(deps, device),
    token,
    nowMs,
    lastStep: device.last_step,
  });
  if (!result.ok) return result;
  // The atomic `last_step < ?` update decides between two requests carrying the same code.
  return deps.repos.totpDevices.acceptStep(user.id, result.step)
    ? { ok: true, method: 'totp' }
    : { ok: false, reason: 'replay' };
}

async function checkBackupCode(deps: Deps, user: UserRow, token: string, nowMs: number): Promise<Outcome> {
  const unused = deps.repos.backupCodes.unusedForUser(user.id);
  const index = await findBackupCode(
    token,
    unused.map((row) => row.code_hash),
  );
  // Only the request that flips `used_at` wins; a concurrent second use of the code loses here.
  if (index < 0 || !deps.repos.backupCodes.markUsed(unused[index].id, nowMs)) {
    return { ok: false, reason: 'invalid' };
  }
  return { ok: true, method: 'backup_code', remaining: deps.repos.backupCodes.countUnused(user.id) };
}

/**
 * Completes the second step for `session` or throws: 401 `not_authenticated` (no password step),
 * 429 `throttled` / 403 `2fa_locked` (second-factor-guard.ts), 400 `token_invalid` (wrong, used or
 * replayed; a replay is logged and the user told). On success the session is signed in with
 * `authenticated_at` = now, which also opens the sensitive-action window; a half login gets a new
 * session id (returned, for the cookies), a re-login keeps its own (null).
 */
export async function completeSecondFactor(
  deps: Deps,
  session: SessionRow,
  token: string | number,
  ctx: RequestContext,
): Promise<IssuedSession | null> {
  const user = secondStepUser(deps, session);
  const kind = tokenKind(token);
  admitSecondFactorTry(deps, user.id, { kind, via: 'login' }, ctx);
  const now = deps.clock.now();
  const outcome =
    kind === 'totp'
      ? await checkTotp(deps, user, token, now)
      : await checkBackupCode(deps, user, token as string, now);

  if (!outcome.ok) {
    recordActivity(
      deps,
      user.id,
      'two_factor_failed',
      { via: 'login', method: kind, reason: outcome.reason },
      ctx,
    );
    notifyFailedSecondFactor(deps, user);
    if (outcome.reason === 'replay') {
      recordActivity(deps, user.id, 'two_factor_replay', { via: 'login' }, ctx);
      twoFactorNotices.replay(deps, user);
    }
    throw tokenInvalid();
  }

  const relogin = session.state === 'active';
  const issued = deps.db.transaction(() => {
    resetSecondFactorFailures(deps, user.id);
    if (relogin) {
      deps.repos.sessions.reauthenticate(session.id, now);
      deps.repos.sessions.markTwoFactorVerified(session.id, now);
      return null;
    }
    deps.repos.sessions.activate(session.id, now, now);
    return rotateSessionId(deps, session);
  })();
  recordActivity(
    deps,
    user.id,
    'two_factor_login',
    {
      method: outcome.method,
      session: session.id,
      device: session.device,
      ...(relogin ? { relogin: true } : {}),
    },
    ctx,
  );
  if (outcome.method === 'backup_code') {
    recordActivity(deps, user.id, 'backup_code_used', { remaining: outcome.remaining }, ctx);
    twoFactorNotices.backupCodeUsed(deps, user, outcome.remaining);
  }
  return issued;
}

/** security.md 28 (and 15): a wrong second factor is mailed, at most once per account per hour. */
function notifyFailedSecondFactor(deps: Deps, user: UserRow): void {
  // The throttle table remembers the last notice, so a restart does not re-open the hour.
  if (admit(deps, `2fa-notice:${user.id}`, 1, 60 * 60 * 1000)) return;
  twoFactorNotices.failedAttempt(deps, user);
}
