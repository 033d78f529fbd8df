import type { Dashboard } from '../../shared/dashboards.js';
import { notFound } from '../../shared/errors.js';
import type { DashboardRow } from '../db/repos/dashboards.js';
import type { TeamRow } from '../db/repos/teams.js';
import type { UserRow } from '../db/repos/users.js';
import type { Deps } from './deps.js';

/** Minimal dashboards (users-api.md §4 row 18), enough for scene personalisation to point at. */
const view = (row: DashboardRow): Dashboard => ({
  id: row.id,
  name: row.name,
  team_id: row.team_id,
  created_at: new Date(row.created_at).toISOString(),
  created_by: row.created_by,
});

/** `@current` is the user's current project; a numeric id must be a project of one of their organizations. */
export function resolveProject(deps: Deps, user: UserRow, projectId: string): TeamRow {
  const team =
    projectId === '@current'
      ? user.current_team_id !== null
        ? deps.repos.teams.byId(user.current_team_id)
        : undefined
      : /^\d{1,15}$/.test(projectId)
        ? deps.repos.teams.byId(Number(projectId))
        : undefined;
  if (!team || !deps.repos.memberships.find(team.organization_id, user.id)) throw notFound();
  return team;
}

export function listDashboards(deps: Deps, team: TeamRow): Dashboard[] {
  return deps.repos.dashboards.forTeam(team.id).map(view);
}

export function createDashboard(deps: Deps, team: TeamRow, user: UserRow, name: string): Dashboard {
  const id = deps.repos.dashboards.insert({
    team_id: team.id,
    name,
    created_by: user.id,
    created_at: deps.clock.now(),
  });
  return view(deps.repos.dashboards.byId(id)!);
}
