import type { SessionRow } from '../db/repos/sessions.js';
import type { UserRow } from '../db/repos/users.js';
import type { Deps } from './deps.js';

/**
 * Finding users for the HTTP layer, so main/server/ reaches the users table only through the
 * domain (architecture rule: routes never touch a repository).
 */

/** An active user by uuid (any case), or undefined. */
export function findUserByUuid(deps: Pick<Deps, 'repos'>, uuid: string): UserRow | undefined {
  return deps.repos.users.byUuid(uuid.toLowerCase());
}

/** The user a session belongs to (undefined once deleted or deactivated). */
export function userOfSession(deps: Pick<Deps, 'repos'>, session: SessionRow): UserRow | undefined {
  return deps.repos.users.byId(session.user_id);
}

/** Whether the install has any account yet (GET /_preflight/ `initiated`). */
export function hasAccounts(deps: Pick<Deps, 'repos'>): boolean {
  return deps.repos.users.count() > 0;
}

export interface UserListQuery {
  email?: string;
  is_staff?: string;
  search?: string;
  limit: number;
  offset: number;
}

const TRUE_VALUES = ['true', 'True', '1'];

/**
 * GET /api/users/: staff see everyone (filtered), anyone else only themselves — and only when the
 * filters would match them, as PostHog's queryset does.
 */
export function listUsersFor(
  deps: Pick<Deps, 'repos'>,
  caller: UserRow,
  q: UserListQuery,
): { count: number; rows: UserRow[] } {
  if (caller.is_staff === 1) {
    return deps.repos.users.list({
      email: q.email,
      isStaff: q.is_staff === undefined ? undefined : TRUE_VALUES.includes(q.is_staff),
      search: q.search?.trim() || undefined,
      limit: q.limit,
      offset: q.offset,
    });
  }
  const matches =
    (q.email === undefined || q.email.toLowerCase() === caller.email.toLowerCase()) &&
    (q.is_staff === undefined || !TRUE_VALUES.includes(q.is_staff));
  return { count: matches ? 1 : 0, rows: matches && q.offset === 0 ? [caller] : [] };
}
