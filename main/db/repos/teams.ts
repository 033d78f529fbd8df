import type { Db } from '../open.js';

/** A project (PostHog calls it a team; one project per team here). */
export interface TeamRow {
  id: number;
  uuid: string;
  organization_id: number;
  name: string;
  api_token: string;
  created_at: number;
}

export function createTeamsRepo(db: Db) {
  const insert = db.prepare(`INSERT INTO teams (uuid, organization_id, name, api_token, created_at)
    VALUES (@uuid, @organization_id, @name, @api_token, @created_at)`);
  const byId = db.prepare('SELECT * FROM teams WHERE id = ?');
  const forOrganization = db.prepare('SELECT * FROM teams WHERE organization_id = ? ORDER BY id');
  return {
    insert: (team: Omit<TeamRow, 'id'>) => Number(insert.run(team).lastInsertRowid),
    byId: (id: number) => byId.get(id) as TeamRow | undefined,
    forOrganization: (organizationId: number) => forOrganization.all(organizationId) as TeamRow[],
  };
}
export type TeamsRepo = ReturnType<typeof createTeamsRepo>;
