import type { Db } from '../open.js';

/** A pending WebAuthn ceremony: the challenge sent, and what it was issued for. */
export interface PasskeyChallengeRow {
  slot: string;
  session_id: number | null;
  user_id: number | null;
  /** The passkey row id a verify ceremony is about, else null. */
  credential: string | null;
  challenge: string;
  expires_at: number;
}

export function createPasskeyChallengesRepo(db: Db) {
  const put =
    db.prepare(`INSERT INTO passkey_challenges (slot, session_id, user_id, credential, challenge, expires_at)
    VALUES (@slot, @session_id, @user_id, @credential, @challenge, @expires_at)
    ON CONFLICT(slot) DO UPDATE SET session_id = excluded.session_id, user_id = excluded.user_id,
    credential = excluded.credential, challenge = excluded.challenge, expires_at = excluded.expires_at`);
  // Taking is one statement: of two requests presenting the same challenge, only one gets the row.
  const take = db.prepare('DELETE FROM passkey_challenges WHERE slot = ? RETURNING *');
  const removeExpired = db.prepare('DELETE FROM passkey_challenges WHERE expires_at <= ?');
  return {
    put: (row: PasskeyChallengeRow) => put.run(row),
    take: (slot: string) => take.get(slot) as PasskeyChallengeRow | undefined,
    deleteExpired: (now: number) => removeExpired.run(now).changes,
  };
}
export type PasskeyChallengesRepo = ReturnType<typeof createPasskeyChallengesRepo>;
