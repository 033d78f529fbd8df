import type { Migration } from './types.js';

/**
 * The whole first schema. STRICT tables (types enforced by SQLite); times are Unix milliseconds;
 * JSON columns are TEXT validated by the domain. Secrets never sit here in plaintext: sessions and
 * API keys are stored as SHA-256 digests, backup codes and email codes as scrypt/HMAC hashes,
 * TOTP secrets sealed with AES-256-GCM under a key kept outside the database.
 */
export const initial: Migration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE organizations (
  id            INTEGER PRIMARY KEY,
  uuid          TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  slug          TEXT NOT NULL UNIQUE,
  enforce_2fa   INTEGER,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE teams (
  id              INTEGER PRIMARY KEY,
  uuid            TEXT NOT NULL UNIQUE,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name            TEXT NOT NULL,
  api_token       TEXT NOT NULL UNIQUE,
  created_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX teams_organization ON teams(organization_id);

CREATE TABLE users (
  id                        INTEGER PRIMARY KEY,
  uuid                      TEXT NOT NULL UNIQUE,
  email                     TEXT NOT NULL COLLATE NOCASE UNIQUE,
  first_name                TEXT NOT NULL DEFAULT '',
  last_name                 TEXT NOT NULL DEFAULT '',
  password_hash             TEXT,
  is_staff                  INTEGER NOT NULL DEFAULT 0,
  is_active                 INTEGER NOT NULL DEFAULT 1,
  distinct_id               TEXT NOT NULL,
  date_joined               INTEGER NOT NULL,
  pending_email             TEXT,
  is_email_verified         INTEGER,
  current_organization_id   INTEGER REFERENCES organizations(id) ON DELETE SET NULL,
  current_team_id           INTEGER REFERENCES teams(id) ON DELETE SET NULL,
  anonymize_data            INTEGER DEFAULT 0,
  allow_impersonation       INTEGER DEFAULT 1,
  allow_sidebar_suggestions INTEGER,
  passkeys_enabled_for_2fa  INTEGER DEFAULT 0,
  hide_mcp_hints            INTEGER NOT NULL DEFAULT 0,
  toolbar_mode              TEXT DEFAULT 'toolbar',
  theme_mode                TEXT,
  shortcut_position         TEXT,
  role_at_organization      TEXT,
  notification_settings     TEXT NOT NULL DEFAULT '{}',
  events_column_config      TEXT NOT NULL DEFAULT '{"active":"DEFAULT"}',
  has_seen_product_intro_for TEXT,
  hedgehog_config           TEXT,
  password_changed_at       INTEGER
) STRICT;
CREATE INDEX users_first_name ON users(first_name COLLATE NOCASE);
CREATE INDEX users_last_name ON users(last_name COLLATE NOCASE);
CREATE INDEX users_staff ON users(is_staff) WHERE is_staff = 1;

CREATE TABLE memberships (
  id              INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  level           INTEGER NOT NULL CHECK (level IN (1, 8, 15)),
  joined_at       INTEGER NOT NULL,
  UNIQUE (organization_id, user_id)
) STRICT;
CREATE INDEX memberships_user ON memberships(user_id);

CREATE TABLE dashboards (
  id          INTEGER PRIMARY KEY,
  team_id     INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  name        TEXT NOT NULL,
  created_by  INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX dashboards_team ON dashboards(team_id);

CREATE TABLE sessions (
  id                    INTEGER PRIMARY KEY,
  token_hash            TEXT NOT NULL UNIQUE,
  csrf_token            TEXT NOT NULL,
  user_id               INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  state                 TEXT NOT NULL CHECK (state IN ('active', 'pending_2fa')),
  created_at            INTEGER NOT NULL,
  last_activity_at      INTEGER NOT NULL,
  expires_at            INTEGER NOT NULL,
  authenticated_at      INTEGER NOT NULL,
  two_factor_verified_at INTEGER,
  -- A re-login on an active session whose user has 2FA: password checked at this time, code pending.
  reauth_password_at    INTEGER,
  device                TEXT NOT NULL DEFAULT '',
  ip                    TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE personal_api_keys (
  id            TEXT PRIMARY KEY,
  user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  label         TEXT NOT NULL,
  secure_value  TEXT NOT NULL UNIQUE,
  mask_value    TEXT NOT NULL,
  scopes        TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  last_used_at  INTEGER,
  last_rolled_at INTEGER
) STRICT;
CREATE INDEX personal_api_keys_user ON personal_api_keys(user_id);

CREATE TABLE push_tokens (
  id            INTEGER PRIMARY KEY,
  user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token         TEXT NOT NULL,
  platform      TEXT NOT NULL CHECK (platform IN ('ios', 'android', 'web')),
  created_at    INTEGER NOT NULL,
  last_seen_at  INTEGER NOT NULL,
  UNIQUE (user_id, token)
) STRICT;
CREATE INDEX push_tokens_seen ON push_tokens(user_id, last_seen_at);

CREATE TABLE totp_devices (
  user_id       INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  secret_sealed TEXT NOT NULL,
  last_step     INTEGER,
  created_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE pending_totp_setups (
  session_id    INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
  user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  secret_sealed TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  expires_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE backup_codes (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  code_hash   TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  used_at     INTEGER
) STRICT;
CREATE INDEX backup_codes_user ON backup_codes(user_id);

CREATE TABLE scene_personalisations (
  id            INTEGER PRIMARY KEY,
  user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  team_id       INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  scene         TEXT NOT NULL,
  dashboard_id  INTEGER REFERENCES dashboards(id) ON DELETE CASCADE,
  UNIQUE (team_id, user_id, scene)
) STRICT;
CREATE INDEX scene_personalisations_user ON scene_personalisations(user_id);

CREATE TABLE throttles (
  key           TEXT PRIMARY KEY,
  count         INTEGER NOT NULL,
  window_start  INTEGER NOT NULL,
  last_at       INTEGER NOT NULL
) STRICT;

CREATE TABLE activity_events (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER REFERENCES users(id) ON DELETE CASCADE,
  type        TEXT NOT NULL,
  detail      TEXT NOT NULL DEFAULT '{}',
  ip          TEXT NOT NULL DEFAULT '',
  user_agent  TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX activity_events_user ON activity_events(user_id, id);

CREATE TABLE pending_email_changes (
  user_id     INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  new_email   TEXT NOT NULL,
  code_hash   TEXT NOT NULL,
  attempts    INTEGER NOT NULL DEFAULT 0,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE settings (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
) STRICT;
`,
};
