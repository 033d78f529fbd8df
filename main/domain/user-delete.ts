import { conflictError, Messages } from '../../shared/errors.js';
import type { UserRow } from '../db/repos/users.js';
import { recordActivity } from './audit.js';
import type { Deps, RequestContext } from './deps.js';

/**
 * DELETE /api/users/:uuid/ (users-api.md §4 row 4, Deviation): removes the user and everything they
 * own — memberships, keys, push tokens, sessions, 2FA device, backup codes, scene settings and their
 * own activity log — through the schema's ON DELETE CASCADE, in one transaction.
 * The last staff user cannot go: nobody could administer the install afterwards.
 */
export function deleteUser(deps: Deps, actor: UserRow, target: UserRow, ctx: RequestContext): void {
  deps.db
    .transaction(() => {
      if (target.is_staff === 1 && deps.repos.users.countStaff() <= 1)
        throw conflictError(Messages.lastStaffUser);
      deps.repos.users.delete(target.id);
      // The target's own events are gone with it; a staff deletion stays in the staff user's log.
      if (actor.id !== target.id) recordActivity(deps, actor.id, 'user_deleted', { user: target.uuid }, ctx);
    })
    .immediate();
}
