import { Messages, validationError } from '../../shared/errors.js';
import type { ScenePersonalisationRequest } from '../../shared/user-actions.js';
import type { UserRow } from '../db/repos/users.js';
import type { Deps } from './deps.js';

/**
 * POST …/scene_personalisation/ (users-api.md §4 row 6): which dashboard a scene opens, per user
 * and current project. Checks run in PostHog's order: the fields that are present, then the
 * missing ones (dashboard before scene).
 */
export function setScenePersonalisation(deps: Deps, user: UserRow, body: ScenePersonalisationRequest): void {
  let dashboardId: number | undefined;
  if (body.dashboard === null) throw validationError('null', Messages.notNull, 'dashboard');
  if (body.dashboard !== undefined) {
    const raw = body.dashboard;
    if (typeof raw === 'string' && !/^\d{1,15}$/.test(raw)) {
      throw validationError('incorrect_type', 'Incorrect type. Expected a dashboard id.', 'dashboard');
    }
    dashboardId = Number(raw);
    const dashboard = deps.repos.dashboards.byId(dashboardId);
    if (!dashboard) throw validationError('does_not_exist', Messages.doesNotExist(raw), 'dashboard');
    if (user.current_team_id === null || dashboard.team_id !== user.current_team_id) {
      throw validationError('invalid_input', Messages.dashboardWrongTeam, 'dashboard');
    }
  }
  if (dashboardId === undefined) throw validationError('invalid_input', Messages.dashboardRequired);
  if (body.scene === undefined) throw validationError('invalid_input', Messages.sceneRequired);
  deps.repos.scenePersonalisations.upsert({
    user_id: user.id,
    team_id: user.current_team_id!,
    scene: body.scene,
    dashboard_id: dashboardId,
  });
}
