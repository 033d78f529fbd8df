import type { Db } from '../open.js';

export type AuthenticatorType = 'platform' | 'hybrid' | 'hardware' | 'unknown';

/** One WebAuthn credential (users-api.md §6). `credential_id` is base64url; `transports` JSON. */
export interface PasskeyRow {
  id: string;
  user_id: number;
  credential_id: string;
  public_key: Buffer;
  algorithm: number;
  counter: number;
  transports: string;
  label: string;
  verified: number;
  authenticator_type: AuthenticatorType;
  created_at: number;
  last_used_at: number | null;
}

export function createPasskeysRepo(db: Db) {
  const insert = db.prepare(`INSERT INTO passkey_credentials (id, user_id, credential_id, public_key,
    algorithm, counter, transports, label, verified, authenticator_type, created_at, last_used_at)
    VALUES (@id, @user_id, @credential_id, @public_key, @algorithm, @counter, @transports, @label,
    @verified, @authenticator_type, @created_at, @last_used_at)`);
  const forUser = db.prepare(
    'SELECT * FROM passkey_credentials WHERE user_id = ? ORDER BY created_at DESC, rowid DESC',
  );
  const verifiedForUser = db.prepare(
    'SELECT * FROM passkey_credentials WHERE user_id = ? AND verified = 1 ORDER BY created_at DESC, rowid DESC',
  );
  const countVerified = db.prepare(
    'SELECT count(*) AS n FROM passkey_credentials WHERE user_id = ? AND verified = 1',
  );
  const byIdForUser = db.prepare('SELECT * FROM passkey_credentials WHERE id = ? AND user_id = ?');
  const byCredentialId = db.prepare('SELECT * FROM passkey_credentials WHERE credential_id = ?');
  const markVerified = db.prepare(
    'UPDATE passkey_credentials SET verified = 1, counter = ?, last_used_at = ? WHERE id = ? AND verified = 0',
  );
  // The counter only moves forward: of two racing assertions with the same counter, one wins here.
  const recordUse = db.prepare(`UPDATE passkey_credentials SET counter = @counter, last_used_at = @at
    WHERE id = @id AND (counter < @counter OR (counter = 0 AND @counter = 0))`);
  const rename = db.prepare('UPDATE passkey_credentials SET label = ? WHERE id = ? AND user_id = ?');
  const remove = db.prepare('DELETE FROM passkey_credentials WHERE id = ? AND user_id = ?');
  return {
    insert: (row: PasskeyRow) => insert.run(row),
    forUser: (userId: number) => forUser.all(userId) as PasskeyRow[],
    verifiedForUser: (userId: number) => verifiedForUser.all(userId) as PasskeyRow[],
    countVerified: (userId: number) => (countVerified.get(userId) as { n: number }).n,
    byIdForUser: (id: string, userId: number) => byIdForUser.get(id, userId) as PasskeyRow | undefined,
    byCredentialId: (credentialId: string) => byCredentialId.get(credentialId) as PasskeyRow | undefined,
    markVerified: (id: string, counter: number, at: number) => markVerified.run(counter, at, id).changes,
    recordUse: (id: string, counter: number, at: number) => recordUse.run({ id, counter, at }).changes,
    rename: (id: string, userId: number, label: string) => rename.run(label, id, userId).changes,
    delete: (id: string, userId: number) => remove.run(id, userId).changes,
  };
}
export type PasskeysRepo = ReturnType<typeof createPasskeysRepo>;
