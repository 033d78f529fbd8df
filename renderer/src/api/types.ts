/**
 * The response shapes the window reads, all from shared/ — the same zod schemas that validate the
 * server's requests and document its answers in /api/schema/. Only the list helpers are local.
 */

export type { User, UserUpdate, PaginatedUserList } from '../../../shared/user.js';
export type { Preflight, SignupRequest } from '../../../shared/auth.js';

export type {
  TwoFactorStartSetupResponse as TwoFactorSetup,
  TwoFactorStatus,
  BackupCodesResponse as BackupCodes,
} from '../../../shared/two-factor.js';
export type { PushTokenListItem as PushToken } from '../../../shared/push-tokens.js';
export type { LoginSession, RevokeOtherSessionsResult } from '../../../shared/login-sessions.js';
export type { PersonalApiKey, PersonalApiKeyWithValue } from '../../../shared/api-keys.js';
export type { Dashboard, PaginatedDashboardList } from '../../../shared/dashboards.js';
export type { ActivityEvent, PaginatedActivityList } from '../../../shared/activity.js';
export type { HedgehogConfig } from '../../../shared/user-actions.js';
export type { AdminCreateUserRequest, InstanceSettings } from '../../../shared/admin.js';

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
