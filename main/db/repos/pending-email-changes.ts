import type { Db } from '../open.js';

export interface PendingEmailChangeRow {
  user_id: number;
  new_email: string;
  /** Hash of the 6-digit code mailed to the new address. */
  code_hash: string;
  attempts: number;
  created_at: number;
  expires_at: number;
}

export function createPendingEmailChangesRepo(db: Db) {
  const replace =
    db.prepare(`INSERT INTO pending_email_changes (user_id, new_email, code_hash, attempts, created_at, expires_at)
    VALUES (@user_id, @new_email, @code_hash, 0, @created_at, @expires_at)
    ON CONFLICT(user_id) DO UPDATE SET new_email = excluded.new_email, code_hash = excluded.code_hash,
    attempts = 0, created_at = excluded.created_at, expires_at = excluded.expires_at`);
  const forUser = db.prepare('SELECT * FROM pending_email_changes WHERE user_id = ?');
  const addAttempt = db.prepare('UPDATE pending_email_changes SET attempts = attempts + 1 WHERE user_id = ?');
  const remove = db.prepare('DELETE FROM pending_email_changes WHERE user_id = ?');
  return {
    replace: (row: Omit<PendingEmailChangeRow, 'attempts'>) => replace.run(row),
    forUser: (userId: number) => forUser.get(userId) as PendingEmailChangeRow | undefined,
    addAttempt: (userId: number) => addAttempt.run(userId),
    delete: (userId: number) => remove.run(userId).changes,
  };
}
export type PendingEmailChangesRepo = ReturnType<typeof createPendingEmailChangesRepo>;
