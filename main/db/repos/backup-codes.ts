import type { Db } from '../open.js';

export interface BackupCodeRow {
  id: number;
  user_id: number;
  /** Salted scrypt hash; the code itself is shown once and never stored. */
  code_hash: string;
  created_at: number;
  used_at: number | null;
}

export function createBackupCodesRepo(db: Db) {
  const insert = db.prepare('INSERT INTO backup_codes (user_id, code_hash, created_at) VALUES (?, ?, ?)');
  const removeAll = db.prepare('DELETE FROM backup_codes WHERE user_id = ?');
  const unused = db.prepare('SELECT * FROM backup_codes WHERE user_id = ? AND used_at IS NULL ORDER BY id');
  const countUnused = db.prepare(
    'SELECT count(*) AS n FROM backup_codes WHERE user_id = ? AND used_at IS NULL',
  );
  // Single use even under concurrency: only the request that flips used_at wins.
  const markUsed = db.prepare('UPDATE backup_codes SET used_at = ? WHERE id = ? AND used_at IS NULL');
  return {
    /** Replaces the whole set in one transaction: the old codes stop working at once. */
    replaceAll: db.transaction((userId: number, hashes: string[], now: number) => {
      removeAll.run(userId);
      for (const hash of hashes) insert.run(userId, hash, now);
    }),
    deleteAll: (userId: number) => removeAll.run(userId).changes,
    unusedForUser: (userId: number) => unused.all(userId) as BackupCodeRow[],
    countUnused: (userId: number) => (countUnused.get(userId) as { n: number }).n,
    markUsed: (id: number, at: number) => markUsed.run(at, id).changes === 1,
  };
}
export type BackupCodesRepo = ReturnType<typeof createBackupCodesRepo>;
