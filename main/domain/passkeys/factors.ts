import type { UserRow } from '../../db/repos/users.js';
import type { Deps } from '../deps.js';

/**
 * Which factors count (users-api.md §6, PostHog PR #60503): passkeys count as a second factor only
 * when at least one is verified *and* the user turned `passkeys_enabled_for_2fa` on; a passkey kept
 * for sign-in only does not make `/api/login` ask for a second step.
 */
export const hasVerifiedPasskey = (deps: Pick<Deps, 'repos'>, userId: number) =>
  deps.repos.passkeys.countVerified(userId) > 0;

export const passkeysUsableFor2fa = (deps: Pick<Deps, 'repos'>, user: UserRow) =>
  user.passkeys_enabled_for_2fa === 1 && hasVerifiedPasskey(deps, user.id);

export const hasTotp = (deps: Pick<Deps, 'repos'>, userId: number) =>
  deps.repos.totpDevices.forUser(userId) !== undefined;

/** `is_2fa_enabled`, and whether `/api/login` answers `2fa_required`. */
export const hasSecondFactor = (deps: Pick<Deps, 'repos'>, user: UserRow) =>
  hasTotp(deps, user.id) || passkeysUsableFor2fa(deps, user);
