import type { Db } from '../open.js';

export interface ScenePersonalisationRow {
  id: number;
  user_id: number;
  team_id: number;
  scene: string;
  dashboard_id: number | null;
}

export function createScenePersonalisationsRepo(db: Db) {
  const upsert = db.prepare(`INSERT INTO scene_personalisations (user_id, team_id, scene, dashboard_id)
    VALUES (@user_id, @team_id, @scene, @dashboard_id)
    ON CONFLICT(team_id, user_id, scene) DO UPDATE SET dashboard_id = excluded.dashboard_id`);
  // In the order they were set, as PostHog lists them (re-setting a scene keeps its row and place).
  const forUserTeam = db.prepare(
    'SELECT * FROM scene_personalisations WHERE user_id = ? AND team_id = ? ORDER BY id',
  );
  return {
    upsert: (row: Omit<ScenePersonalisationRow, 'id'>) => upsert.run(row),
    forUserTeam: (userId: number, teamId: number) =>
      forUserTeam.all(userId, teamId) as ScenePersonalisationRow[],
  };
}
export type ScenePersonalisationsRepo = ReturnType<typeof createScenePersonalisationsRepo>;
