import type { Migration } from './types.js';

/**
 * Passkeys (users-api.md §6). One STRICT row per credential: the public key is not a secret, but
 * the credential id is only ever matched, never shown in activity details. Ceremony challenges live
 * server-side (PostHog keeps them in the session for its whole life; Userdesk binds each to a
 * session or a short-lived cookie, takes it once and lets it expire after 5 minutes).
 */
export const passkeys: Migration = {
  version: 3,
  name: 'passkeys',
  sql: `
CREATE TABLE passkey_credentials (
  id                  TEXT PRIMARY KEY,
  user_id             INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  credential_id       TEXT NOT NULL UNIQUE,
  public_key          BLOB NOT NULL,
  algorithm           INTEGER NOT NULL,
  counter             INTEGER NOT NULL DEFAULT 0 CHECK (counter >= 0),
  transports          TEXT NOT NULL DEFAULT '[]',
  label               TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
  verified            INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
  authenticator_type  TEXT NOT NULL CHECK (authenticator_type IN ('platform', 'hybrid', 'hardware', 'unknown')),
  created_at          INTEGER NOT NULL,
  last_used_at        INTEGER
) STRICT;
CREATE INDEX passkey_credentials_user ON passkey_credentials(user_id, created_at);

CREATE TABLE passkey_challenges (
  -- "<purpose>:<binding>": one pending ceremony of each kind per session (or login cookie).
  slot          TEXT PRIMARY KEY,
  session_id    INTEGER REFERENCES sessions(id) ON DELETE CASCADE,
  user_id       INTEGER REFERENCES users(id) ON DELETE CASCADE,
  credential    TEXT,
  challenge     TEXT NOT NULL,
  expires_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX passkey_challenges_expiry ON passkey_challenges(expires_at);
`,
};
