import type { Db } from '../open.js';

/** PostHog's membership levels. */
export const MembershipLevel = { member: 1, admin: 8, owner: 15 } as const;

export interface MembershipRow {
  id: number;
  organization_id: number;
  user_id: number;
  level: number;
  joined_at: number;
}

export function createMembershipsRepo(db: Db) {
  const insert = db.prepare(`INSERT INTO memberships (organization_id, user_id, level, joined_at)
    VALUES (@organization_id, @user_id, @level, @joined_at)`);
  const find = db.prepare('SELECT * FROM memberships WHERE organization_id = ? AND user_id = ?');
  const forUser = db.prepare('SELECT * FROM memberships WHERE user_id = ? ORDER BY organization_id');
  return {
    insert: (m: Omit<MembershipRow, 'id'>) => Number(insert.run(m).lastInsertRowid),
    find: (organizationId: number, userId: number) =>
      find.get(organizationId, userId) as MembershipRow | undefined,
    forUser: (userId: number) => forUser.all(userId) as MembershipRow[],
  };
}
export type MembershipsRepo = ReturnType<typeof createMembershipsRepo>;
