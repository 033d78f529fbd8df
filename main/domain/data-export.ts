import { stringify } from 'csv-stringify/sync';
import {
  type AllUsersExport,
  EXPORT_FORMAT_VERSION,
  EXPORT_USER_COLUMNS,
  type ExportUserRow,
  type MyDataExport,
} from '../../shared/export.js';
import { createUserSummariesRepo } from '../db/repos/user-summaries.js';
import type { UserRow } from '../db/repos/users.js';
import { listActivity } from './activity-view.js';
import { viewKey } from './api-keys.js';
import type { Deps } from './deps.js';
import { listPushTokens } from './push-tokens.js';

/**
 * "Your data to take away" (issue 15 item 3). Built field by field from an allow-list, never by
 * spreading a row: a new secret column can then never leak into an export by default.
 */
const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));
const bool = (v: number | null) => (v === null ? null : v === 1);
const parsed = (text: string | null): unknown => (text === null ? null : JSON.parse(text));
/** Everything the activity log holds, in one page. */
const ALL_ACTIVITY = 1_000_000;

export function exportMyData(deps: Deps, user: UserRow): MyDataExport {
  const { repos } = deps;
  const summaries = createUserSummariesRepo(deps.db);
  const totp = repos.totpDevices.forUser(user.id);
  return {
    format_version: EXPORT_FORMAT_VERSION,
    exported_at: iso(deps.clock.now()),
    profile: {
      uuid: user.uuid,
      email: user.email,
      first_name: user.first_name,
      last_name: user.last_name,
      distinct_id: user.distinct_id,
      date_joined: iso(user.date_joined),
      is_staff: user.is_staff === 1,
      is_active: user.is_active === 1,
      is_email_verified: bool(user.is_email_verified),
      pending_email: user.pending_email,
      role_at_organization: user.role_at_organization,
      has_password: user.password_hash !== null,
      password_changed_at: isoOrNull(user.password_changed_at),
      organizations: summaries.organizationsForUser(user.id),
    },
    personalisation: {
      theme_mode: user.theme_mode,
      toolbar_mode: user.toolbar_mode,
      shortcut_position: user.shortcut_position,
      notification_settings: parsed(user.notification_settings),
      events_column_config: parsed(user.events_column_config),
      hedgehog_config: parsed(user.hedgehog_config),
      has_seen_product_intro_for: parsed(user.has_seen_product_intro_for),
      anonymize_data: bool(user.anonymize_data),
      allow_impersonation: bool(user.allow_impersonation),
      allow_sidebar_suggestions: bool(user.allow_sidebar_suggestions),
      hide_mcp_hints: user.hide_mcp_hints === 1,
      scene_personalisation: summaries
        .scenesForUser(user.id)
        .map((s) => ({ scene: s.scene, dashboard: s.dashboard_id })),
    },
    devices: listPushTokens(deps, user.id),
    sessions: summaries.sessionsForUser(user.id).map((s) => ({
      id: s.id,
      state: s.state,
      created_at: iso(s.created_at),
      last_activity: iso(s.last_activity_at),
      expires_at: iso(s.expires_at),
      device: s.device || 'Unknown device',
      ip: s.ip,
    })),
    api_keys: repos.personalApiKeys.forUser(user.id).map(viewKey),
    two_factor: {
      enabled: totp !== undefined,
      enabled_at: totp ? iso(totp.created_at) : null,
      backup_codes_remaining: repos.backupCodes.countUnused(user.id),
    },
    activity: listActivity(deps, user.id, ALL_ACTIVITY, 0).results,
  };
}

export function exportAllUsers(deps: Deps): AllUsersExport {
  const rows = createUserSummariesRepo(deps.db).all(deps.clock.now());
  const users: ExportUserRow[] = rows.map((row) => ({
    uuid: row.uuid,
    email: row.email,
    first_name: row.first_name,
    last_name: row.last_name,
    is_staff: row.is_staff === 1,
    is_active: row.is_active === 1,
    date_joined: iso(row.date_joined),
    is_email_verified: bool(row.is_email_verified),
    two_factor_enabled: row.two_factor === 1,
    backup_codes_remaining: row.backup_codes_remaining,
    api_key_count: row.api_key_count,
    device_count: row.device_count,
    session_count: row.session_count,
    last_login: isoOrNull(row.last_login),
  }));
  return { format_version: EXPORT_FORMAT_VERSION, exported_at: iso(deps.clock.now()), users };
}

/**
 * The same rows as CSV (RFC 4180, header first). A cell starting with = + - @ (or tab/CR) is
 * prefixed with `'` so a spreadsheet does not run a name like `=HYPERLINK(…)` as a formula
 * (OWASP CSV injection).
 */
export function allUsersCsv(data: AllUsersExport): string {
  const cell = (value: unknown): string => {
    if (value === null || value === undefined) return '';
    const text = String(value);
    return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  };
  return stringify(
    data.users.map((u) => EXPORT_USER_COLUMNS.map((c) => cell(u[c]))),
    { header: true, columns: [...EXPORT_USER_COLUMNS] },
  );
}
