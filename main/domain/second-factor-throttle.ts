/**
 * Second-factor back-off (security.md 11, users-api.md §2): the first 5 consecutive failures are
 * free; after n ≥ 5 failures the next try must wait 2^(n−5) s, capped at one hour (django-otp's
 * schedule). Counted per user, persisted, reset by a success — that bookkeeping is the caller's.
 *
 * An attacker trying as fast as allowed gets 5 + 11 = 16 guesses in the first hour (the 16th at
 * 2047 s) and one per hour after that, so at most 16 in any hour. NIST 800-63B §5.2.2 also wants at
 * most 100 consecutive failures *ever*; the back-off alone allows that in ~3.5 days, hence
 * `secondFactorLockedOut`, which the caller should enforce until an administrator steps in.
 *
 * The caller must record a try *before* awaiting the (async) code check, in the same synchronous
 * step as the throttle check, or parallel requests all pass the check before any failure lands.
 */

export const SECOND_FACTOR_FREE_FAILURES = 5;
export const SECOND_FACTOR_MAX_WAIT_SECONDS = 3600;
export const SECOND_FACTOR_MAX_CONSECUTIVE_FAILURES = 100;

function assertCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError('failure count must be a non-negative integer');
}

/** Seconds the next try must wait after the last of `consecutiveFailures` failures. */
export function secondFactorWaitSeconds(consecutiveFailures: number): number {
  assertCount(consecutiveFailures);
  if (consecutiveFailures < SECOND_FACTOR_FREE_FAILURES) return 0;
  const exponent = consecutiveFailures - SECOND_FACTOR_FREE_FAILURES;
  // 2^12 = 4096 is already past the cap; avoid computing huge powers.
  return exponent >= 12
    ? SECOND_FACTOR_MAX_WAIT_SECONDS
    : Math.min(2 ** exponent, SECOND_FACTOR_MAX_WAIT_SECONDS);
}

/**
 * Whole seconds until the next try is allowed (0 = now), for a 429's `Retry-After` and its detail.
 * `lastFailureAtMs` is null when there has been no failure since the last success.
 */
export function retryAfterSeconds(args: {
  failures: number;
  lastFailureAtMs: number | null;
  nowMs: number;
}): number {
  const { failures, lastFailureAtMs, nowMs } = args;
  const wait = secondFactorWaitSeconds(failures);
  if (wait === 0 || lastFailureAtMs === null) return 0;
  const remainingMs = lastFailureAtMs + wait * 1000 - nowMs;
  // A clock that went backwards must not lock the user out for longer than the wait itself.
  return remainingMs <= 0 ? 0 : Math.min(wait, Math.ceil(remainingMs / 1000));
}

/** True once the consecutive failures reach NIST's limit of 100: refuse until reset by an admin. */
export function secondFactorLockedOut(consecutiveFailures: number): boolean {
  assertCount(consecutiveFailures);
  return consecutiveFailures >= SECOND_FACTOR_MAX_CONSECUTIVE_FAILURES;
}
