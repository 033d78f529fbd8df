/**
 * The per-user second-factor throttle (users-api.md §2, security.md 11), shared by
 * `/api/login/token` and `two_factor_validate`: after 5 consecutive failures each try waits
 * 2^(n−5) s, capped at 1 h, persisted in `throttles` under `2fa:<userId>`, reset by a success.
 *
 * The row's `count` is the number of consecutive failures and `last_at` the time of the last one.
 * A try is counted as a failure *before* its code is checked, in the same synchronous step as the
 * back-off check (better-sqlite3 is synchronous, so no other request runs in between): parallel
 * requests cannot all slip past the check while the first one is still hashing. A success then
 * deletes the row, which also forgives the in-flight tries that began alongside it.
 *
 * The 100-failure rule (NIST 800-63B §5.2.2, `secondFactorLockedOut`): from the 100th consecutive
 * failure on, authenticator (TOTP) codes are refused without being checked — 403 `2fa_locked` —
 * until a success or an administrator resets the count. Backup codes stay usable, still under the
 * 1-hour back-off: at 50 bits each, one guess an hour gives an attacker ~10^-11 chances a year,
 * while a user whose attacker tripped the lock (or who mistyped for days) can still get in. The
 * count is reset by a backup-code login, by disabling 2FA (the user from a recent session, or staff
 * for them) and by enrolling a new authenticator.
 */
import { ApiError, throttledError } from '../../shared/errors.js';
import { TwoFactorMessages } from '../../shared/two-factor.js';
import { recordActivity } from './audit.js';
import type { Deps, RequestContext } from './deps.js';
import { retryAfterSeconds, secondFactorLockedOut } from './second-factor-throttle.js';

type GuardDeps = Pick<Deps, 'db' | 'repos' | 'clock'>;

export const secondFactorThrottleKey = (userId: number) => `2fa:${userId}`;

/** Where a second-factor try came from, for the activity log. */
export type SecondFactorVia = 'login' | 'setup';

export const secondFactorLockedError = () =>
  new ApiError(403, 'authentication_error', '2fa_locked', TwoFactorMessages.locked);

/** Consecutive second-factor failures of a user (0 after a success). */
export function secondFactorFailures(deps: Pick<Deps, 'repos'>, userId: number): number {
  return deps.repos.throttles.get(secondFactorThrottleKey(userId))?.count ?? 0;
}

/** Forgets a user's failures: after a success, and when 2FA is disabled or re-enrolled. */
export function resetSecondFactorFailures(deps: Pick<Deps, 'repos'>, userId: number): void {
  deps.repos.throttles.delete(secondFactorThrottleKey(userId));
}

/**
 * Admits one second-factor try or throws: 429 `throttled` (with Retry-After) while the back-off
 * runs, 403 `2fa_locked` for an authenticator code after 100 consecutive failures. An admitted try
 * is already counted as a failure; call `resetSecondFactorFailures` when it succeeds.
 */
export function admitSecondFactorTry(
  deps: GuardDeps,
  userId: number,
  attempt: { kind: 'totp' | 'backup_code' | 'passkey'; via: SecondFactorVia },
  ctx: RequestContext,
): void {
  const key = secondFactorThrottleKey(userId);
  const now = deps.clock.now();
  const refusal = deps.db.transaction((): ApiError | null => {
    const row = deps.repos.throttles.get(key);
    const failures = row?.count ?? 0;
    const wait = retryAfterSeconds({ failures, lastFailureAtMs: row?.last_at ?? null, nowMs: now });
    if (wait > 0) return throttledError(wait);
    if (attempt.kind === 'totp' && secondFactorLockedOut(failures)) return secondFactorLockedError();
    deps.repos.throttles.put({
      key,
      count: failures + 1,
      window_start: row?.window_start ?? now,
      last_at: now,
    });
    return null;
  })();
  if (refusal) {
    recordActivity(
      deps,
      userId,
      'two_factor_throttled',
      {
        via: attempt.via,
        ...(refusal.status === 403
          ? { locked: true }
          : { retry_after: Number(refusal.headers['Retry-After']) }),
      },
      ctx,
    );
    throw refusal;
  }
}
