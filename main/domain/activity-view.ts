import type { ActivityEvent } from '../../shared/activity.js';
import type { ActivityEventRow } from '../db/repos/activity-events.js';
import type { Deps } from './deps.js';
import { describeDevice } from './sessions.js';

const view = (row: ActivityEventRow): ActivityEvent => ({
  id: row.id,
  type: row.type,
  detail: {
    ...(JSON.parse(row.detail) as Record<string, unknown>),
    // The account is gone: the event is shown as a deleted user's (security.md 29).
    ...(row.deleted_user_uuid ? { deleted_user: row.deleted_user_uuid } : {}),
  },
  ip: row.ip,
  // The device, not the raw User-Agent: enough to recognise a sign-in, less to fingerprint.
  device: describeDevice(row.user_agent),
  created_at: new Date(row.created_at).toISOString(),
});

/** A page of the user's security events, newest first (users-api.md §4 row 19). */
export function listActivity(
  deps: Deps,
  userId: number,
  limit: number,
  offset: number,
): { count: number; results: ActivityEvent[] } {
  return {
    count: deps.repos.activityEvents.countForUser(userId),
    results: deps.repos.activityEvents.forUser(userId, limit, offset).map(view),
  };
}

/**
 * A deleted user's events, for staff (security.md 29), or null when that uuid left none — then the
 * caller answers 404 as for any unknown user.
 */
export function listDeletedUserActivity(
  deps: Deps,
  uuid: string,
  limit: number,
  offset: number,
): { count: number; results: ActivityEvent[] } | null {
  const key = uuid.toLowerCase();
  const count = deps.repos.activityEvents.countForDeletedUser(key);
  if (count === 0) return null;
  return { count, results: deps.repos.activityEvents.forDeletedUser(key, limit, offset).map(view) };
}
