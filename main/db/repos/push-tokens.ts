import type { Db } from '../open.js';

export interface PushTokenRow {
  id: number;
  user_id: number;
  token: string;
  platform: 'ios' | 'android' | 'web';
  created_at: number;
  last_seen_at: number;
}

export function createPushTokensRepo(db: Db) {
  const upsert = db.prepare(`INSERT INTO push_tokens (user_id, token, platform, created_at, last_seen_at)
    VALUES (@user_id, @token, @platform, @now, @now)
    ON CONFLICT(user_id, token) DO UPDATE SET platform = excluded.platform, last_seen_at = excluded.last_seen_at
    RETURNING *`);
  const forUser = db.prepare('SELECT * FROM push_tokens WHERE user_id = ? ORDER BY created_at DESC, id DESC');
  const byUserToken = db.prepare('SELECT * FROM push_tokens WHERE user_id = ? AND token = ?');
  const countForUser = db.prepare('SELECT count(*) AS n FROM push_tokens WHERE user_id = ?');
  // Evicts the least recently seen beyond the cap, in one statement.
  const evictBeyond = db.prepare(`DELETE FROM push_tokens WHERE id IN (
    SELECT id FROM push_tokens WHERE user_id = ? ORDER BY last_seen_at DESC, id DESC LIMIT -1 OFFSET ?)`);
  const deleteByToken = db.prepare('DELETE FROM push_tokens WHERE user_id = ? AND token = ?');
  const deleteById = db.prepare('DELETE FROM push_tokens WHERE user_id = ? AND id = ?');
  return {
    upsert: (userId: number, token: string, platform: PushTokenRow['platform'], now: number) =>
      upsert.get({ user_id: userId, token, platform, now }) as PushTokenRow,
    forUser: (userId: number) => forUser.all(userId) as PushTokenRow[],
    byUserToken: (userId: number, token: string) =>
      byUserToken.get(userId, token) as PushTokenRow | undefined,
    countForUser: (userId: number) => (countForUser.get(userId) as { n: number }).n,
    evictBeyond: (userId: number, keep: number) => evictBeyond.run(userId, keep).changes,
    deleteForUserByToken: (userId: number, token: string) => deleteByToken.run(userId, token).changes,
    deleteForUserById: (userId: number, id: number) => deleteById.run(userId, id).changes,
  };
}
export type PushTokensRepo = ReturnType<typeof createPushTokensRepo>;
