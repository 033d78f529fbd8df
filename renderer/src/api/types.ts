/**
 * The response shapes the window reads. Most come from shared/ (the same zod schemas that
 * validate the server's answers); the two-factor ones are defined here because shared/ has no
 * schema for them yet — each follows users-api.md §4, the row named in its comment.
 */

export type { User, UserUpdate, PaginatedUserList } from '../../../shared/user.js';
export type { Preflight, SignupRequest } from '../../../shared/auth.js';

/** Row 10: GET two_factor_start_setup. */
export interface TwoFactorSetup {
  success: true;
  secret: string;
  otpauth_uri: string;
}

/** Row 12: GET two_factor_status. */
export interface TwoFactorStatus {
  is_enabled: boolean;
  method: 'TOTP' | 'passkey' | null;
  has_totp: boolean;
  has_passkeys: boolean;
  passkeys_enabled_for_2fa: boolean;
  backup_codes_remaining: number;
}

/** Row 13: POST two_factor_backup_codes. */
export interface BackupCodes {
  backup_codes: string[];
}

export type { PushTokenListItem as PushToken } from '../../../shared/push-tokens.js';
export type { LoginSession, RevokeOtherSessionsResult } from '../../../shared/login-sessions.js';
export type { PersonalApiKey, PersonalApiKeyWithValue } from '../../../shared/api-keys.js';
export type { Dashboard, PaginatedDashboardList } from '../../../shared/dashboards.js';
export type { ActivityEvent, PaginatedActivityList } from '../../../shared/activity.js';
export type { HedgehogConfig } from '../../../shared/user-actions.js';

/** DRF-style page. */
export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/** Some list routes answer a bare array, some a page; the UI reads both. */
export type ListOrPage<T> = T[] | Page<T>;

export function listItems<T>(value: ListOrPage<T> | null | undefined): T[] {
  if (!value) return [];
  return Array.isArray(value) ? value : value.results;
}
