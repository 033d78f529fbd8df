import type { Db } from '../open.js';

export interface TotpDeviceRow {
  user_id: number;
  /** AES-256-GCM sealed base32 secret (see domain/secret-box.ts). */
  secret_sealed: string;
  /** The last accepted RFC 6238 time step; a code for this step or an earlier one is a replay. */
  last_step: number | null;
  created_at: number;
}

export function createTotpDevicesRepo(db: Db) {
  // One device per user: validating again replaces the row atomically.
  const replace = db.prepare(`INSERT INTO totp_devices (user_id, secret_sealed, last_step, created_at)
    VALUES (@user_id, @secret_sealed, @last_step, @created_at)
    ON CONFLICT(user_id) DO UPDATE SET secret_sealed = excluded.secret_sealed,
    last_step = excluded.last_step, created_at = excluded.created_at`);
  const forUser = db.prepare('SELECT * FROM totp_devices WHERE user_id = ?');
  // The replay guard: only a strictly later step wins, decided by SQLite in one statement.
  const acceptStep = db.prepare(
    'UPDATE totp_devices SET last_step = ? WHERE user_id = ? AND (last_step IS NULL OR last_step < ?)',
  );
  const remove = db.prepare('DELETE FROM totp_devices WHERE user_id = ?');
  return {
    replace: (row: TotpDeviceRow) => replace.run(row),
    forUser: (userId: number) => forUser.get(userId) as TotpDeviceRow | undefined,
    /** True when `step` was later than the stored one and is now recorded. */
    acceptStep: (userId: number, step: number) => acceptStep.run(step, userId, step).changes === 1,
    delete: (userId: number) => remove.run(userId).changes,
  };
}
export type TotpDevicesRepo = ReturnType<typeof createTotpDevicesRepo>;
