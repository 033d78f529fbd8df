import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  retryAfterSeconds,
  secondFactorLockedOut,
  secondFactorWaitSeconds,
} from '../../main/domain/second-factor-throttle.js';

const HOUR_MS = 3_600_000;

/**
 * Plays an attacker who always guesses wrong: before each try it pauses `pause(i)` ms; if the
 * throttle would refuse (429, not a guess), it retries at the very first millisecond that
 * `retryAfterSeconds` allows — found by bisection, so no rounding of Retry-After slows it down.
 * Returns the times (ms) of the guesses actually evaluated.
 */
function attack(pause: (i: number) => number, durationMs: number, startMs = 1_700_000_000_000): number[] {
  const guesses: number[] = [];
  let failures = 0;
  let lastFailureAtMs: number | null = null;
  const allowedAt = (nowMs: number) => retryAfterSeconds({ failures, lastFailureAtMs, nowMs }) === 0;
  let now = startMs;
  for (let i = 0; ; i++) {
    now += pause(i);
    if (!allowedAt(now)) {
      let lo = now; // refused
      let hi = now + retryAfterSeconds({ failures, lastFailureAtMs, nowMs: now }) * 1000; // allowed
      assert.ok(allowedAt(hi), 'Retry-After must never be too short');
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (allowedAt(mid)) hi = mid;
        else lo = mid;
      }
      now = hi;
    }
    if (now >= startMs + durationMs) return guesses;
    guesses.push(now);
    failures += 1;
    lastFailureAtMs = now;
  }
}

/** The most guesses inside any window of `windowMs`. */
function maxInWindow(times: number[], windowMs: number): number {
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < times.length; hi++) {
    while (times[hi] - times[lo] >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

describe('secondFactorWaitSeconds', () => {
  it('is free for the first 5 failures, then doubles from 1 s, capped at 1 hour', () => {
    const schedule = Array.from({ length: 20 }, (_, n) => secondFactorWaitSeconds(n));
    assert.deepEqual(
      schedule,
      [0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 3600, 3600, 3600],
    );
    assert.equal(secondFactorWaitSeconds(1_000_000), 3600);
    assert.equal(secondFactorWaitSeconds(Number.MAX_SAFE_INTEGER), 3600);
  });

  it('refuses nonsense counts', () => {
    for (const n of [-1, 1.5, Number.NaN, Infinity])
      assert.throws(() => secondFactorWaitSeconds(n), RangeError);
  });
});

describe('retryAfterSeconds', () => {
  const t = 1_700_000_000_000;

  it('is 0 below the threshold or with no recorded failure', () => {
    assert.equal(retryAfterSeconds({ failures: 4, lastFailureAtMs: t, nowMs: t }), 0);
    assert.equal(retryAfterSeconds({ failures: 0, lastFailureAtMs: null, nowMs: t }), 0);
    assert.equal(retryAfterSeconds({ failures: 9, lastFailureAtMs: null, nowMs: t }), 0);
  });

  it('counts down the wait in whole seconds, rounding up, and reaches 0 exactly at its end', () => {
    // 7 failures → 4 s.
    assert.equal(retryAfterSeconds({ failures: 7, lastFailureAtMs: t, nowMs: t }), 4);
    assert.equal(retryAfterSeconds({ failures: 7, lastFailureAtMs: t, nowMs: t + 1 }), 4);
    assert.equal(retryAfterSeconds({ failures: 7, lastFailureAtMs: t, nowMs: t + 1000 }), 3);
    assert.equal(retryAfterSeconds({ failures: 7, lastFailureAtMs: t, nowMs: t + 3999 }), 1);
    assert.equal(retryAfterSeconds({ failures: 7, lastFailureAtMs: t, nowMs: t + 4000 }), 0);
    assert.equal(retryAfterSeconds({ failures: 30, lastFailureAtMs: t, nowMs: t + 1 }), 3600);
  });

  it('never reports more than the wait when the clock went backwards', () => {
    assert.equal(retryAfterSeconds({ failures: 6, lastFailureAtMs: t, nowMs: t - 60_000 }), 2);
  });
});

describe('what an attacker gets', () => {
  it('trying as fast as allowed: 16 guesses in the first hour, then one an hour', () => {
    const guesses = attack(() => 0, 48 * HOUR_MS);
    const firstHour = guesses.filter((g) => g < guesses[0] + HOUR_MS).length;
    assert.equal(firstHour, 16);
    assert.equal(maxInWindow(guesses, HOUR_MS), 16);
    // Steady state: one guess per hour.
    const tail = guesses.slice(-10);
    for (let i = 1; i < tail.length; i++) assert.ok(tail[i] - tail[i - 1] >= HOUR_MS);
  });

  it('fewer than 100 guesses in any hour whatever the pacing (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5 * 60_000 }), { minLength: 1, maxLength: 50 }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        (pauses, start) => {
          const guesses = attack((i) => pauses[i % pauses.length], 24 * HOUR_MS, start);
          return maxInWindow(guesses, HOUR_MS) < 100 && maxInWindow(guesses, HOUR_MS) <= 16;
        },
      ),
      { numRuns: 300 },
    );
  });

  it('locks out at 100 consecutive failures (NIST 800-63B §5.2.2), which the back-off alone reaches in days', () => {
    assert.equal(secondFactorLockedOut(99), false);
    assert.equal(secondFactorLockedOut(100), true);
    const guesses = attack(() => 0, 30 * 24 * HOUR_MS);
    const hundredth = guesses[99];
    assert.ok(
      hundredth !== undefined && hundredth - guesses[0] < 5 * 24 * HOUR_MS,
      'without the lock-out, 100 guesses fit in under 5 days',
    );
  });
});
