import type { Migration } from './types.js';

/**
 * security.md 29: a deleted user's activity stays for the admin. 0001 removed it with the user (ON
 * DELETE CASCADE); SQLite cannot change a foreign key in place, so the table is rebuilt with ON
 * DELETE SET NULL and `deleted_user_uuid`, which the deletion fills in so the events can still be
 * found (and shown as a deleted user's). Also an index on `created_at` for the retention prune.
 * No table references activity_events, so the rebuild is safe with foreign keys on.
 */
export const keepDeletedUsersActivity: Migration = {
  version: 2,
  name: 'keep-deleted-users-activity',
  sql: `
CREATE TABLE activity_events_v2 (
  id                INTEGER PRIMARY KEY,
  user_id           INTEGER REFERENCES users(id) ON DELETE SET NULL,
  deleted_user_uuid TEXT,
  type              TEXT NOT NULL,
  detail            TEXT NOT NULL DEFAULT '{}',
  ip                TEXT NOT NULL DEFAULT '',
  user_agent        TEXT NOT NULL DEFAULT '',
  created_at        INTEGER NOT NULL
) STRICT;
INSERT INTO activity_events_v2 (id, user_id, type, detail, ip, user_agent, created_at)
  SELECT id, user_id, type, detail, ip, user_agent, created_at FROM activity_events;
DROP TABLE activity_events;
ALTER TABLE activity_events_v2 RENAME TO activity_events;
CREATE INDEX activity_events_user ON activity_events(user_id, id);
CREATE INDEX activity_events_deleted_user ON activity_events(deleted_user_uuid, id)
  WHERE deleted_user_uuid IS NOT NULL;
CREATE INDEX activity_events_created ON activity_events(created_at);
`,
};
