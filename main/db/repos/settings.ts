import type { Db } from '../open.js';

/** Instance-wide settings (e.g. `signup_allowed`, `smtp_url`), one text value per key. */
export function createSettingsRepo(db: Db) {
  const get = db.prepare('SELECT value FROM settings WHERE key = ?');
  const put = db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?)
    ON CONFLICT(key) DO UPDATE SET value = excluded.value`);
  return {
    get: (key: string) => (get.get(key) as { value: string } | undefined)?.value,
    put: (key: string, value: string) => put.run(key, value),
  };
}
export type SettingsRepo = ReturnType<typeof createSettingsRepo>;
