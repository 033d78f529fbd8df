import { changeTriggersSql, SQL_NOW_MS } from '../change-triggers.js';
import type { Migration } from './types.js';

/** Rows kept in change_events at most (also pruned by age, see main/domain/live-events.ts). */
export const CHANGE_EVENTS_KEEP = 10_000;

/**
 * Issue 15: the change feed behind the live event stream, and the password's strength score.
 *
 * `change_events` is written by triggers, so a change made by any process that opens the file
 * (the CLI, a key-authenticated script through the server, another window) is seen by the server's
 * poller. AUTOINCREMENT so an id is never reused after pruning: it is the SSE `Last-Event-ID`.
 * No foreign key to users: a user's own deletion event must outlive the user. Only kinds and ids,
 * never contents: a secret column changing (a rolled key, a new TOTP secret) is just "changed".
 *
 * `users.password_strength`: the zxcvbn score (0–4) when the password was set, for the security
 * checkup; the password itself is never kept.
 */
export const liveEvents: Migration = {
  // Number 0004 is reserved for this change; on this branch it directly follows 0001 (the lead
  // renumbers at merge, after 0002 and 0003).
  version: 4,
  name: 'live-events',
  sql: `
ALTER TABLE users ADD COLUMN password_strength INTEGER;

CREATE TABLE change_events (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id     INTEGER NOT NULL,
  user_uuid   TEXT NOT NULL,
  kind        TEXT NOT NULL,
  op          TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
  row_id      TEXT,
  note        TEXT,
  created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX change_events_user ON change_events(user_id, id);
CREATE INDEX change_events_created ON change_events(created_at);

-- Bounded by count in SQL itself, so a CLI-only install (no server polling) cannot grow it forever.
CREATE TRIGGER change_events_bound AFTER INSERT ON change_events BEGIN
  DELETE FROM change_events WHERE id <= NEW.id - ${CHANGE_EVENTS_KEEP};
END;

CREATE TRIGGER users_change_events_update AFTER UPDATE ON users BEGIN
  INSERT INTO change_events (user_id, user_uuid, kind, op, row_id, note, created_at)
  VALUES (NEW.id, NEW.uuid, 'user', 'update', NEW.uuid, NULL, ${SQL_NOW_MS});
END;
CREATE TRIGGER users_change_events_insert AFTER INSERT ON users BEGIN
  INSERT INTO change_events (user_id, user_uuid, kind, op, row_id, note, created_at)
  VALUES (NEW.id, NEW.uuid, 'user', 'insert', NEW.uuid, NULL, ${SQL_NOW_MS});
END;
CREATE TRIGGER users_change_events_delete AFTER DELETE ON users BEGIN
  INSERT INTO change_events (user_id, user_uuid, kind, op, row_id, note, created_at)
  VALUES (OLD.id, OLD.uuid, 'user', 'delete', OLD.uuid, NULL, ${SQL_NOW_MS});
END;

${changeTriggersSql({ table: 'scene_personalisations', kind: 'user', userColumn: 'user_id', idColumn: null })}
${changeTriggersSql({ table: 'push_tokens', kind: 'push_tokens', userColumn: 'user_id', idColumn: 'id' })}
${changeTriggersSql({
  table: 'passkey_credentials',
  kind: 'passkeys',
  userColumn: 'user_id',
  idColumn: 'id',
  // Not counter / last_used_at: they move on every passkey sign-in.
  updateOf: ['label', 'verified'],
})}
${changeTriggersSql({
  table: 'personal_api_keys',
  kind: 'api_keys',
  userColumn: 'user_id',
  idColumn: 'id',
  // Not last_used_at: it moves on every key-authenticated request.
  updateOf: ['label', 'scopes', 'secure_value', 'last_rolled_at'],
})}
${changeTriggersSql({
  table: 'sessions',
  kind: 'sessions',
  userColumn: 'user_id',
  idColumn: 'id',
  // Not last_activity_at / expires_at: they slide on every request.
  updateOf: ['state', 'authenticated_at', 'two_factor_verified_at', 'device'],
  note: { insert: 'NEW.state', update: "OLD.state || '>' || NEW.state" },
})}
${changeTriggersSql({
  table: 'totp_devices',
  kind: 'two_factor',
  userColumn: 'user_id',
  idColumn: null,
  // Not last_step: it moves on every code used.
  updateOf: ['secret_sealed'],
})}
${changeTriggersSql({
  table: 'backup_codes',
  kind: 'backup_codes',
  userColumn: 'user_id',
  idColumn: 'id',
  updateOf: ['used_at'],
  // Unused codes left after this change: the security hook warns when few remain.
  note: {
    update:
      'CAST((SELECT count(*) FROM backup_codes b WHERE b.user_id = NEW.user_id AND b.used_at IS NULL) AS TEXT)',
  },
})}
${changeTriggersSql({ table: 'pending_email_changes', kind: 'email_change', userColumn: 'user_id', idColumn: null })}
${changeTriggersSql({
  table: 'activity_events',
  kind: 'activity',
  userColumn: 'user_id',
  idColumn: 'id',
  updateOf: [],
  note: { insert: 'NEW.type' },
})}
${changeTriggersSql({ table: 'memberships', kind: 'memberships', userColumn: 'user_id', idColumn: 'organization_id' })}
`,
};
