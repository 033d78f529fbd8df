import { throttledError } from '../../shared/errors.js';
import type { Deps } from './deps.js';

type ThrottleDeps = Pick<Deps, 'repos' | 'clock'>;

/**
 * Fixed-window counters persisted in SQLite, so a restart never hands an attacker a fresh budget.
 * `assertUnder` refuses (429 with Retry-After) once `limit` hits landed within `windowMs`;
 * `hit` counts one.
 */
export function assertUnder(deps: ThrottleDeps, key: string, limit: number, windowMs: number): void {
  const row = deps.repos.throttles.get(key);
  const now = deps.clock.now();
  if (!row || now - row.window_start >= windowMs) return;
  if (row.count >= limit) {
    throw throttledError(Math.max(1, Math.ceil((row.window_start + windowMs - now) / 1000)));
  }
}

export function hit(deps: ThrottleDeps, key: string, windowMs: number): void {
  const row = deps.repos.throttles.get(key);
  const now = deps.clock.now();
  if (!row || now - row.window_start >= windowMs) {
    deps.repos.throttles.put({ key, count: 1, window_start: now, last_at: now });
  } else {
    deps.repos.throttles.put({ ...row, count: row.count + 1, last_at: now });
  }
}

/** Counts this request and refuses it if it is over the limit (e.g. current_password: 5/min). */
export function consume(deps: ThrottleDeps, key: string, limit: number, windowMs: number): void {
  assertUnder(deps, key, limit, windowMs);
  hit(deps, key, windowMs);
}

export function reset(deps: ThrottleDeps, key: string): void {
  deps.repos.throttles.delete(key);
}
