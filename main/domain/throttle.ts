import { type ApiError, throttledError } from '../../shared/errors.js';
import type { Deps } from './deps.js';

type ThrottleDeps = Pick<Deps, 'repos' | 'clock'>;

// Fixed-window counters persisted in SQLite, so a restart never hands an attacker a fresh budget.
// `admit` counts a try and refuses it (429 with Retry-After) once `limit` tries landed within
// `windowMs`; a success may `reset` the counter.

/** Counts this request and refuses it if it is over the limit (e.g. current_password: 5/min). */
export function consume(deps: ThrottleDeps, key: string, limit: number, windowMs: number): void {
  const refusal = admit(deps, key, limit, windowMs);
  if (refusal) throw refusal.error;
}

/**
 * Check and count in one synchronous step (security.md 23): an admitted try is counted *before* the
 * caller awaits anything (scrypt), so parallel requests cannot all pass the check while the first
 * is still hashing. better-sqlite3 is synchronous, so nothing runs between the read and the write.
 * A refusal reports whether it is the window's first (`first`), so the caller logs one event per
 * window rather than one per try (security.md 25): the row's count moves once past `limit` to
 * remember that the refusal was logged.
 */
export function admit(
  deps: ThrottleDeps,
  key: string,
  limit: number,
  windowMs: number,
): { error: ApiError; first: boolean } | null {
  const row = deps.repos.throttles.get(key);
  const now = deps.clock.now();
  if (!row || now - row.window_start >= windowMs) {
    deps.repos.throttles.put({ key, count: 1, window_start: now, last_at: now });
    return null;
  }
  if (row.count < limit) {
    deps.repos.throttles.put({ ...row, count: row.count + 1, last_at: now });
    return null;
  }
  const first = row.count === limit;
  if (first) deps.repos.throttles.put({ ...row, count: limit + 1, last_at: now });
  const error = throttledError(Math.max(1, Math.ceil((row.window_start + windowMs - now) / 1000)));
  return { error, first };
}

export function reset(deps: ThrottleDeps, key: string): void {
  deps.repos.throttles.delete(key);
}
