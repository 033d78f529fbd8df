import type { Context } from 'hono';
import { Messages, notFound, permissionDenied } from '../../shared/errors.js';
import type { UserRow } from '../db/repos/users.js';
import { findUserByUuid } from '../domain/user-directory.js';
import { callerOf } from './access.js';
import type { AppEnv } from './env.js';

/**
 * The user a `:uuid` path names: `@me` is the caller; a non-staff caller naming anyone else gets the
 * contract's 403; staff may name any active user, and an unknown one is 404.
 */
export function targetUser(c: Context<AppEnv>, uuid: string): UserRow {
  const caller = callerOf(c);
  if (uuid === '@me' || uuid === caller.user.uuid) return caller.user;
  if (caller.user.is_staff !== 1) throw permissionDenied(Messages.meOnly);
  const user = findUserByUuid(c.get('deps'), uuid);
  if (!user) throw notFound();
  return user;
}
