/**
 * TOTP enrolment (users-api.md §4 rows 10–11, security.md 1–5, 13–14): a pending secret bound to
 * the session for 10 minutes, surviving wrong codes and replaced by a new start; a right code turns
 * it into the user's one device.
 */
import { validationError } from '../../shared/errors.js';
import { TwoFactorMessages } from '../../shared/two-factor.js';
import type { SessionRow } from '../db/repos/sessions.js';
import type { UserRow } from '../db/repos/users.js';
import { recordActivity } from './audit.js';
import type { Deps, RequestContext } from './deps.js';
import { admitSecondFactorTry, resetSecondFactorFailures } from './second-factor-guard.js';
import { generateTotpSecret, totpUri, verifyTotp } from './totp.js';
import { deviceSecretAad, openSecret, pendingSecretAad, sealSecret, twoFactorNotices } from './two-factor.js';

/** How long a started enrolment waits for its first code. */
export const PENDING_SETUP_MS = 10 * 60 * 1000;

const setupExpired = () => validationError('setup_expired', TwoFactorMessages.setupExpired);
export const tokenInvalid = () => validationError('token_invalid', TwoFactorMessages.tokenInvalid);

/**
 * GET …/two_factor_start_setup/: a new 160-bit secret for `session`, replacing any pending one.
 * Only the sealed secret is stored; the plaintext goes to the user this once.
 */
export function startTwoFactorSetup(
  deps: Deps,
  user: UserRow,
  session: SessionRow,
): { secret: string; otpauth_uri: string } {
  const secret = generateTotpSecret((n) => deps.random.bytes(n));
  const now = deps.clock.now();
  deps.repos.pendingTotpSetups.replace({
    session_id: session.id,
    user_id: user.id,
    secret_sealed: sealSecret(deps, secret, pendingSecretAad(session.id)),
    created_at: now,
    expires_at: now + PENDING_SETUP_MS,
  });
  return { secret, otpauth_uri: totpUri(user.email, secret) };
}

/**
 * POST …/two_factor_validate/: checks `token` against the session's pending secret. A wrong code
 * keeps the pending secret (a typo must not force a re-scan) and counts toward the shared
 * second-factor throttle. A right one stores the device — replacing any earlier one, with the
 * accepted step as its last step so the same code cannot be replayed at login — marks this session
 * 2FA-verified and signs the user's other sessions out (ASVS 5.0 7.4.3).
 */
export async function validateTwoFactorSetup(
  deps: Deps,
  user: UserRow,
  session: SessionRow,
  token: string | number,
  ctx: RequestContext,
): Promise<void> {
  const now = deps.clock.now();
  const pending = deps.repos.pendingTotpSetups.forSession(session.id);
  if (!pending || pending.user_id !== user.id || pending.expires_at <= now) {
    if (pending) deps.repos.pendingTotpSetups.delete(session.id);
    throw setupExpired();
  }
  admitSecondFactorTry(deps, user.id, { kind: 'totp', via: 'setup' }, ctx);
  const secret = openSecret(deps, pending.secret_sealed, pendingSecretAad(session.id));
  const result = await verifyTotp({ secret, token, nowMs: now, lastStep: null });
  if (!result.ok) {
    recordActivity(deps, user.id, 'two_factor_failed', { via: 'setup', reason: result.reason }, ctx);
    throw tokenInvalid();
  }

  const outcome = deps.db.transaction(() => {
    // A new start while this code was being checked replaced the secret the code belongs to.
    const current = deps.repos.pendingTotpSetups.forSession(session.id);
    if (!current || current.secret_sealed !== pending.secret_sealed) return null;
    const replaced = deps.repos.totpDevices.forUser(user.id) !== undefined;
    deps.repos.totpDevices.replace({
      user_id: user.id,
      secret_sealed: sealSecret(deps, secret, deviceSecretAad(user.id)),
      last_step: result.step,
      created_at: now,
    });
    deps.repos.pendingTotpSetups.delete(session.id);
    deps.repos.sessions.markTwoFactorVerified(session.id, now);
    const revoked = deps.repos.sessions.deleteOthers(user.id, session.id);
    resetSecondFactorFailures(deps, user.id);
    return { replaced, revoked };
  })();
  if (!outcome) throw setupExpired();
  recordActivity(
    deps,
    user.id,
    'two_factor_enabled',
    { method: 'TOTP', replaced_device: outcome.replaced, sessions_revoked: outcome.revoked },
    ctx,
  );
  twoFactorNotices.enabled(deps, user);
}
