import type { ActivityEvent } from '../../shared/activity.js';
import type { ActivityEventRow } from '../db/repos/activity-events.js';
import type { Deps } from './deps.js';
import { describeDevice } from './sessions.js';

const view = (row: ActivityEventRow): ActivityEvent => ({
  id: row.id,
  type: row.type,
  detail: JSON.parse(row.detail) as Record<string, unknown>,
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
