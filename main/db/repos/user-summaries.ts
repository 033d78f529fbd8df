import type { Db } from '../open.js';

/** One user with the counts the admin overview and the all-users export need (no secret column). */
export interface UserSummaryRow {
  id: number;
  uuid: string;
  email: string;
  first_name: string;
  last_name: string;
  is_staff: number;
  is_active: number;
  date_joined: number;
  is_email_verified: number | null;
  two_factor: number;
  backup_codes_remaining: number;
  api_key_count: number;
  device_count: number;
  session_count: number;
  last_login: number | null;
}

/** A key's metadata with its owner, never its value or digest. */
export interface KeySummaryRow {
  id: string;
  label: string;
  mask_value: string;
  scopes: string;
  created_at: number;
  last_used_at: number | null;
  user_uuid: string;
  user_email: string;
}

/** Whole-install reads for staff screens and exports, one query each instead of N+1. */
export function createUserSummariesRepo(db: Db) {
  const all = db.prepare(`
    SELECT u.id, u.uuid, u.email, u.first_name, u.last_name, u.is_staff, u.is_active, u.date_joined,
      u.is_email_verified,
      EXISTS (SELECT 1 FROM totp_devices t WHERE t.user_id = u.id) AS two_factor,
      (SELECT count(*) FROM backup_codes b WHERE b.user_id = u.id AND b.used_at IS NULL) AS backup_codes_remaining,
      (SELECT count(*) FROM personal_api_keys k WHERE k.user_id = u.id) AS api_key_count,
      (SELECT count(*) FROM push_tokens p WHERE p.user_id = u.id) AS device_count,
      (SELECT count(*) FROM sessions s WHERE s.user_id = u.id AND s.state = 'active' AND s.expires_at > @now)
        AS session_count,
      (SELECT max(s.authenticated_at) FROM sessions s WHERE s.user_id = u.id) AS last_login
    FROM users u ORDER BY u.email COLLATE NOCASE, u.id`);
  const keys = db.prepare(`
    SELECT k.id, k.label, k.mask_value, k.scopes, k.created_at, k.last_used_at,
      u.uuid AS user_uuid, u.email AS user_email
    FROM personal_api_keys k JOIN users u ON u.id = k.user_id
    ORDER BY u.email COLLATE NOCASE, k.created_at`);
  const scenes = db.prepare(
    'SELECT scene, dashboard_id FROM scene_personalisations WHERE user_id = ? ORDER BY team_id, scene',
  );
  const organizations = db.prepare(`
    SELECT o.name, o.slug, m.level FROM memberships m JOIN organizations o ON o.id = m.organization_id
    WHERE m.user_id = ? ORDER BY m.joined_at`);
  const sessions = db.prepare(
    'SELECT id, state, created_at, last_activity_at, expires_at, device, ip FROM sessions WHERE user_id = ? ORDER BY id',
  );
  return {
    scenesForUser: (userId: number) =>
      scenes.all(userId) as Array<{ scene: string; dashboard_id: number | null }>,
    organizationsForUser: (userId: number) =>
      organizations.all(userId) as Array<{ name: string; slug: string; level: number }>,
    /** Session metadata only: never token_hash or csrf_token. */
    sessionsForUser: (userId: number) =>
      sessions.all(userId) as Array<{
        id: number;
        state: 'active' | 'pending_2fa';
        created_at: number;
        last_activity_at: number;
        expires_at: number;
        device: string;
        ip: string;
      }>,
    all: (now: number) => all.all({ now }) as UserSummaryRow[],
    keys: () => keys.all() as KeySummaryRow[],
  };
}
