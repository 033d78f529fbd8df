import type { Db } from '../open.js';

export interface ActivityEventRow {
  id: number;
  user_id: number | null;
  /** Set when the user was deleted (user_id is then null): their events stay for the admin. */
  deleted_user_uuid?: string | null;
  type: string;
  /** JSON object; never a secret, code or password. */
  detail: string;
  ip: string;
  user_agent: string;
  created_at: number;
}

export function createActivityEventsRepo(db: Db) {
  const insert = db.prepare(`INSERT INTO activity_events (user_id, type, detail, ip, user_agent, created_at)
    VALUES (@user_id, @type, @detail, @ip, @user_agent, @created_at)`);
  const forUser = db.prepare(
    'SELECT * FROM activity_events WHERE user_id = ? ORDER BY id DESC LIMIT ? OFFSET ?',
  );
  const countForUser = db.prepare('SELECT count(*) AS n FROM activity_events WHERE user_id = ?');
  const markDeleted = db.prepare('UPDATE activity_events SET deleted_user_uuid = ? WHERE user_id = ?');
  const forDeleted = db.prepare(
    'SELECT * FROM activity_events WHERE deleted_user_uuid = ? ORDER BY id DESC LIMIT ? OFFSET ?',
  );
  const countForDeleted = db.prepare('SELECT count(*) AS n FROM activity_events WHERE deleted_user_uuid = ?');
  const removeBefore = db.prepare('DELETE FROM activity_events WHERE created_at < ?');
  return {
    deleteBefore: (at: number) => removeBefore.run(at).changes,
    markUserDeleted: (userId: number, uuid: string) => markDeleted.run(uuid, userId).changes,
    forDeletedUser: (uuid: string, limit: number, offset: number) =>
      forDeleted.all(uuid, limit, offset) as ActivityEventRow[],
    countForDeletedUser: (uuid: string) => (countForDeleted.get(uuid) as { n: number }).n,
    insert: (e: Omit<ActivityEventRow, 'id'>) => Number(insert.run(e).lastInsertRowid),
    forUser: (userId: number, limit: number, offset: number) =>
      forUser.all(userId, limit, offset) as ActivityEventRow[],
    countForUser: (userId: number) => (countForUser.get(userId) as { n: number }).n,
  };
}
export type ActivityEventsRepo = ReturnType<typeof createActivityEventsRepo>;
