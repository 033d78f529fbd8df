import type { Db } from '../open.js';

/** A persisted counter, so restarting the server never resets an attacker's budget. */
export interface ThrottleRow {
  key: string;
  count: number;
  window_start: number;
  last_at: number;
}

export function createThrottlesRepo(db: Db) {
  const get = db.prepare('SELECT * FROM throttles WHERE key = ?');
  const upsert = db.prepare(`INSERT INTO throttles (key, count, window_start, last_at)
    VALUES (@key, @count, @window_start, @last_at)
    ON CONFLICT(key) DO UPDATE SET count = excluded.count, window_start = excluded.window_start,
    last_at = excluded.last_at`);
  const remove = db.prepare('DELETE FROM throttles WHERE key = ?');
  // Second-factor rows (`2fa:`) count toward a lock-out that has no window: never stale.
  const removeStale = db.prepare("DELETE FROM throttles WHERE last_at < ? AND key NOT LIKE '2fa:%'");
  return {
    get: (key: string) => get.get(key) as ThrottleRow | undefined,
    put: (row: ThrottleRow) => upsert.run(row),
    delete: (key: string) => remove.run(key),
    deleteStale: (before: number) => removeStale.run(before).changes,
  };
}
export type ThrottlesRepo = ReturnType<typeof createThrottlesRepo>;
