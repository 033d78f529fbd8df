import type { Deps } from './deps.js';

/**
 * Bounded growth (security.md 25): rows written on behalf of anyone — throttle counters keyed by
 * whatever email a caller types, sessions nobody will use again, years of activity — are deleted
 * once they can no longer matter. Run at start and then daily.
 */

export const ACTIVITY_RETENTION_SETTING = 'activity_retention_days';
export const DEFAULT_ACTIVITY_RETENTION_DAYS = 400;
const DAY_MS = 24 * 60 * 60 * 1000;
// Longer than every throttle window that uses `window_start` (1 min, 5 min, 1 h), so only counters
// that no longer count anything go. `2fa:` rows are kept: they count consecutive failures toward
// the 100-failure lock-out, which has no window (second-factor-guard.ts).
const STALE_THROTTLE_MS = DAY_MS;

type PruneDeps = Pick<Deps, 'db' | 'repos' | 'clock' | 'config'>;

/** The activity retention in days: the setting when it is a positive whole number, else 400. */
export function activityRetentionDays(deps: Pick<Deps, 'repos'>): number {
  const raw = deps.repos.settings.get(ACTIVITY_RETENTION_SETTING)?.trim();
  const days = raw && /^\d{1,6}$/.test(raw) ? Number(raw) : 0;
  return days > 0 ? days : DEFAULT_ACTIVITY_RETENTION_DAYS;
}

export function pruneOldRecords(deps: PruneDeps): { throttles: number; sessions: number; activity: number } {
  const now = deps.clock.now();
  return deps.db.transaction(() => ({
    throttles: deps.repos.throttles.deleteStale(now - STALE_THROTTLE_MS),
    sessions:
      deps.repos.sessions.deleteExpired(now) +
      deps.repos.sessions.deleteCreatedBefore(now - deps.config.sessionAbsoluteMs),
    activity: deps.repos.activityEvents.deleteBefore(now - activityRetentionDays(deps) * DAY_MS),
  }))();
}

/** Timers, injectable so a test can run "a day later" at once. */
export interface PruneTimers {
  every(fn: () => void, ms: number): { unref(): void };
  cancel(handle: unknown): void;
}
const nodeTimers: PruneTimers = {
  every: (fn, ms) => setInterval(fn, ms),
  cancel: (handle) => clearInterval(handle as NodeJS.Timeout),
};

/** Prunes now and then daily; the timer is unref'd so it never keeps the process alive. Returns stop. */
export function schedulePruning(
  deps: PruneDeps & Pick<Deps, 'log'>,
  timers: PruneTimers = nodeTimers,
): () => void {
  const run = () => {
    try {
      pruneOldRecords(deps);
    } catch (error) {
      // A busy or closing database must not take the server down; the next run tries again.
      deps.log(`prune: ${(error as Error)?.message ?? String(error)}`);
    }
  };
  run();
  const handle = timers.every(run, DAY_MS);
  handle.unref();
  return () => timers.cancel(handle);
}
