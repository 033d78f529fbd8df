import type { Db } from '../open.js';

export interface SessionRow {
  id: number;
  token_hash: string;
  csrf_token: string;
  user_id: number;
  state: 'active' | 'pending_2fa';
  created_at: number;
  last_activity_at: number;
  expires_at: number;
  authenticated_at: number;
  two_factor_verified_at: number | null;
  reauth_password_at: number | null;
  device: string;
  ip: string;
}

export function createSessionsRepo(db: Db) {
  const insert = db.prepare(`INSERT INTO sessions (token_hash, csrf_token, user_id, state, created_at,
    last_activity_at, expires_at, authenticated_at, two_factor_verified_at, device, ip)
    VALUES (@token_hash, @csrf_token, @user_id, @state, @created_at, @last_activity_at, @expires_at,
    @authenticated_at, @two_factor_verified_at, @device, @ip)`);
  const byTokenHash = db.prepare('SELECT * FROM sessions WHERE token_hash = ?');
  const byIdForUser = db.prepare('SELECT * FROM sessions WHERE id = ? AND user_id = ?');
  const forUser = db.prepare(
    "SELECT * FROM sessions WHERE user_id = ? AND state = 'active' AND expires_at > ? ORDER BY last_activity_at DESC",
  );
  const touch = db.prepare('UPDATE sessions SET last_activity_at = ?, expires_at = ? WHERE id = ?');
  const activate = db.prepare(
    "UPDATE sessions SET state = 'active', authenticated_at = @at, two_factor_verified_at = @two_factor_at WHERE id = @id",
  );
  const reauthenticate = db.prepare(
    'UPDATE sessions SET authenticated_at = ?, reauth_password_at = NULL WHERE id = ?',
  );
  const setReauthPasswordAt = db.prepare('UPDATE sessions SET reauth_password_at = ? WHERE id = ?');
  const markTwoFactorVerified = db.prepare('UPDATE sessions SET two_factor_verified_at = ? WHERE id = ?');
  const rotate = db.prepare('UPDATE sessions SET token_hash = ?, csrf_token = ? WHERE id = ?');
  const remove = db.prepare('DELETE FROM sessions WHERE id = ?');
  const removeOthers = db.prepare('DELETE FROM sessions WHERE user_id = ? AND id != ?');
  const removeAllForUser = db.prepare('DELETE FROM sessions WHERE user_id = ?');
  const removeExpired = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');
  const removeCreatedBefore = db.prepare('DELETE FROM sessions WHERE created_at <= ?');
  return {
    insert: (s: Omit<SessionRow, 'id' | 'reauth_password_at'>) => Number(insert.run(s).lastInsertRowid),
    byTokenHash: (hash: string) => byTokenHash.get(hash) as SessionRow | undefined,
    byIdForUser: (id: number, userId: number) => byIdForUser.get(id, userId) as SessionRow | undefined,
    activeForUser: (userId: number, now: number) => forUser.all(userId, now) as SessionRow[],
    touch: (id: number, now: number, expiresAt: number) => touch.run(now, expiresAt, id),
    activate: (id: number, at: number, twoFactorAt: number | null) =>
      activate.run({ id, at, two_factor_at: twoFactorAt }),
    reauthenticate: (id: number, at: number) => reauthenticate.run(at, id),
    setReauthPasswordAt: (id: number, at: number | null) => setReauthPasswordAt.run(at, id),
    markTwoFactorVerified: (id: number, at: number) => markTwoFactorVerified.run(at, id),
    rotate: (id: number, tokenHash: string, csrfToken: string) => rotate.run(tokenHash, csrfToken, id),
    delete: (id: number) => remove.run(id).changes,
    deleteOthers: (userId: number, keepId: number) => removeOthers.run(userId, keepId).changes,
    deleteAllForUser: (userId: number) => removeAllForUser.run(userId).changes,
    deleteExpired: (now: number) => removeExpired.run(now).changes,
    deleteCreatedBefore: (at: number) => removeCreatedBefore.run(at).changes,
  };
}
export type SessionsRepo = ReturnType<typeof createSessionsRepo>;
