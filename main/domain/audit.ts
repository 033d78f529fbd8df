import type { Deps, RequestContext } from './deps.js';
import { NO_CONTEXT } from './deps.js';

/**
 * Security event types (users-api.md §4 row 19). The detail object carries ids, platforms,
 * labels and reasons — never a secret, code or password (ASVS 5.0 16.3.1).
 */
export type ActivityType =
  | 'login'
  | 'login_failed'
  | 'login_throttled'
  | 'logout'
  | 'relogin'
  | 'two_factor_required'
  | 'two_factor_login'
  | 'two_factor_failed'
  | 'two_factor_replay'
  | 'two_factor_throttled'
  | 'two_factor_enabled'
  | 'two_factor_disabled'
  | 'backup_codes_generated'
  | 'backup_code_used'
  | 'email_change_requested'
  | 'email_change_cancelled'
  | 'email_changed'
  | 'email_change_code_failed'
  | 'password_changed'
  | 'personal_api_key_created'
  | 'personal_api_key_rolled'
  | 'personal_api_key_updated'
  | 'personal_api_key_deleted'
  | 'push_token_registered'
  | 'push_token_removed'
  | 'session_revoked'
  | 'sessions_revoked'
  | 'user_created'
  | 'user_deleted'
  | 'staff_changed'
  | 'signup'
  | 'instance_settings_changed'
  | 'passkey_added'
  | 'passkey_verified'
  | 'passkey_renamed'
  | 'passkey_removed'
  | 'passkey_counter_regression'
  | 'passkeys_2fa_changed';

export function recordActivity(
  deps: Pick<Deps, 'repos' | 'clock'>,
  userId: number | null,
  type: ActivityType,
  detail: Record<string, unknown> = {},
  ctx: RequestContext = NO_CONTEXT,
): void {
  deps.repos.activityEvents.insert({
    user_id: userId,
    type,
    detail: JSON.stringify(detail),
    ip: ctx.ip,
    user_agent: ctx.userAgent.slice(0, 300),
    created_at: deps.clock.now(),
  });
}

/**
 * "Who did it" for an event about `subjectId`: `{by_user: <uuid>}` when someone else (staff)
 * acted, nothing when the user acted on their own account — never an internal row id.
 */
export function actedBy(
  deps: Pick<Deps, 'repos'>,
  actorId: number | null,
  subjectId: number,
): { by_user?: string } {
  if (actorId === null || actorId === subjectId) return {};
  const actor = deps.repos.users.byId(actorId);
  return actor ? { by_user: actor.uuid } : {};
}
