import { conflictError, Messages } from '../../shared/errors.js';
import type { UserRow } from '../db/repos/users.js';
import { recordActivity } from './audit.js';
import type { Deps, RequestContext } from './deps.js';

/**
 * DELETE /api/users/:uuid/ (users-api.md §4 row 4, Deviation): removes the user and everything they
 * own — memberships, keys, push tokens, sessions, 2FA device, backup codes, scene settings — through
 * the schema's ON DELETE CASCADE, in one transaction. Their activity log stays, marked with their
 * uuid, so an admin can still see what happened before the account vanished (security.md 29).
 * The last staff user cannot go: nobody could administer the install afterwards.
 */
export function deleteUser(deps: Deps, actor: UserRow, target: UserRow, ctx: RequestContext): void {
  deps.db
    .transaction(() => {
      if (target.is_staff === 1 && deps.repos.users.countStaff() <= 1)
        throw conflictError(Messages.lastStaffUser);
      deps.repos.activityEvents.markUserDeleted(target.id, target.uuid);
      deps.repos.users.delete(target.id);
      // A staff deletion is also in the staff user's own log.
      if (actor.id !== target.id) recordActivity(deps, actor.id, 'user_deleted', { user: target.uuid }, ctx);
    })
    .immediate();
}
