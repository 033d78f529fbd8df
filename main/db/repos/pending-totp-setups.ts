import type { Db } from '../open.js';

/** An enrolment in progress, bound to the session that started it. */
export interface PendingTotpSetupRow {
  session_id: number;
  user_id: number;
  secret_sealed: string;
  created_at: number;
  expires_at: number;
}

export function createPendingTotpSetupsRepo(db: Db) {
  const replace =
    db.prepare(`INSERT INTO pending_totp_setups (session_id, user_id, secret_sealed, created_at, expires_at)
    VALUES (@session_id, @user_id, @secret_sealed, @created_at, @expires_at)
    ON CONFLICT(session_id) DO UPDATE SET user_id = excluded.user_id, secret_sealed = excluded.secret_sealed,
    created_at = excluded.created_at, expires_at = excluded.expires_at`);
  const forSession = db.prepare('SELECT * FROM pending_totp_setups WHERE session_id = ?');
  const remove = db.prepare('DELETE FROM pending_totp_setups WHERE session_id = ?');
  return {
    replace: (row: PendingTotpSetupRow) => replace.run(row),
    forSession: (sessionId: number) => forSession.get(sessionId) as PendingTotpSetupRow | undefined,
    delete: (sessionId: number) => remove.run(sessionId).changes,
  };
}
export type PendingTotpSetupsRepo = ReturnType<typeof createPendingTotpSetupsRepo>;
