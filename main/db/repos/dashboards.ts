import type { Db } from '../open.js';

export interface DashboardRow {
  id: number;
  team_id: number;
  name: string;
  created_by: number | null;
  created_at: number;
}

export function createDashboardsRepo(db: Db) {
  const insert = db.prepare(`INSERT INTO dashboards (team_id, name, created_by, created_at)
    VALUES (@team_id, @name, @created_by, @created_at)`);
  const byId = db.prepare('SELECT * FROM dashboards WHERE id = ?');
  const forTeam = db.prepare('SELECT * FROM dashboards WHERE team_id = ? ORDER BY id');
  return {
    insert: (d: Omit<DashboardRow, 'id'>) => Number(insert.run(d).lastInsertRowid),
    byId: (id: number) => byId.get(id) as DashboardRow | undefined,
    forTeam: (teamId: number) => forTeam.all(teamId) as DashboardRow[],
  };
}
export type DashboardsRepo = ReturnType<typeof createDashboardsRepo>;
