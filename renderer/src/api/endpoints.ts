import { call } from './client.js';
import { request } from './http.js';
import type {
  AdminCreateUserRequest,
  BackupCodes,
  Dashboard,
  HedgehogConfig,
  InstanceSettings,
  LoginSession,
  PaginatedActivityList,
  PaginatedDashboardList,
  PaginatedUserList,
  PersonalApiKey,
  PersonalApiKeyWithValue,
  Preflight,
  RevokeOtherSessionsResult,
  SignupRequest,
  TwoFactorSetup,
  TwoFactorStatus,
  User,
  UserUpdate,
} from './types.js';
import type { PushPlatform } from '../../../shared/enums.js';

/** Every route of users-api.md the window calls, typed. `uuid` is a user's uuid or `@me`. */

const u = (uuid: string) => `/api/users/${encodeURIComponent(uuid)}`;

export const api = {
  // Session (§2)
  preflight: () => request<Preflight>('GET', '/_preflight/', undefined, { quiet401: true }),
  me: () => request<User>('GET', '/api/users/@me/', undefined, { quiet401: true }),
  login: (email: string, password: string) =>
    request<{ success: true }>('POST', '/api/login', { email, password }, { reauth: false, quiet401: true }),
  loginToken: (token: string) =>
    request<{ success: true }>('POST', '/api/login/token', { token }, { reauth: false, quiet401: true }),
  logout: () => request<unknown>('POST', '/api/logout', {}, { reauth: false, quiet401: true }),
  signup: (body: SignupRequest) =>
    request<User>('POST', '/api/signup', body, { reauth: false, quiet401: true }),

  // Users (§4 rows 1–6, 15)
  listUsers: (query: { search?: string; is_staff?: string; email?: string; limit: number; offset: number }) =>
    request<PaginatedUserList>('GET', '/api/users/', undefined, { query }),
  getUser: (uuid: string) => request<User>('GET', `${u(uuid)}/`),
  patchUser: (uuid: string, patch: UserUpdate) => request<User>('PATCH', `${u(uuid)}/`, patch),
  deleteUser: (uuid: string) => request<void>('DELETE', `${u(uuid)}/`),
  /** Staff only, sensitive (Extension): the account joins the organization as a member. */
  createUser: (body: AdminCreateUserRequest) => request<User>('POST', '/api/users/', body),
  getHedgehog: (uuid = '@me') => request<HedgehogConfig>('GET', `${u(uuid)}/hedgehog_config/`),
  patchHedgehog: (config: HedgehogConfig, uuid = '@me') =>
    request<HedgehogConfig>('PATCH', `${u(uuid)}/hedgehog_config/`, config),
  setScenePersonalisation: (scene: string, dashboard: number, uuid = '@me') =>
    request<User>('POST', `${u(uuid)}/scene_personalisation/`, { scene, dashboard }),
  verifyEmail: (uuid: string, code: string) =>
    request<User>('POST', '/api/users/verify_email/', { uuid, code }),
  cancelEmailChange: () => request<User>('PATCH', '/api/users/cancel_email_change_request/', {}),

  // Push tokens (rows 7–9)
  listPushTokens: (uuid = '@me') => call('GET /api/users/{uuid}/push_tokens/', { params: { uuid } }),
  registerPushToken: (token: string, platform: PushPlatform) =>
    call('POST /api/users/{uuid}/push_tokens/', { params: { uuid: '@me' }, body: { token, platform } }),
  deletePushToken: (id: number) =>
    call('DELETE /api/users/{uuid}/push_tokens/{id}/', { params: { uuid: '@me', id: String(id) } }),

  // Two-factor (rows 10–14)
  twoFactorStatus: (uuid = '@me') => request<TwoFactorStatus>('GET', `${u(uuid)}/two_factor_status/`),
  twoFactorStart: () => request<TwoFactorSetup>('GET', '/api/users/@me/two_factor_start_setup/'),
  twoFactorValidate: (token: string) =>
    request<{ success: true }>('POST', '/api/users/@me/two_factor_validate/', { token }),
  twoFactorBackupCodes: () => request<BackupCodes>('POST', '/api/users/@me/two_factor_backup_codes/', {}),
  twoFactorDisable: (uuid = '@me') =>
    request<{ success: true }>('POST', `${u(uuid)}/two_factor_disable/`, {}),

  // Login sessions (row 16)
  listSessions: (uuid = '@me') => request<LoginSession[]>('GET', `${u(uuid)}/login_sessions/`),
  revokeSession: (id: LoginSession['id'], uuid = '@me') =>
    request<void>('DELETE', `${u(uuid)}/login_sessions/${encodeURIComponent(String(id))}/`),
  revokeOtherSessions: () =>
    request<RevokeOtherSessionsResult>('POST', '/api/users/@me/login_sessions/revoke_others/', {}),

  // Personal API keys (row 17)
  listKeys: () => request<PersonalApiKey[]>('GET', '/api/personal_api_keys/'),
  createKey: (label: string, scopes: string[]) =>
    request<PersonalApiKeyWithValue>('POST', '/api/personal_api_keys/', { label, scopes }),
  updateKey: (id: string, patch: { label?: string; scopes?: string[] }) =>
    request<PersonalApiKey>('PATCH', `/api/personal_api_keys/${encodeURIComponent(id)}/`, patch),
  rollKey: (id: string) =>
    request<PersonalApiKeyWithValue>('POST', `/api/personal_api_keys/${encodeURIComponent(id)}/roll/`, {}),
  deleteKey: (id: string) => request<void>('DELETE', `/api/personal_api_keys/${encodeURIComponent(id)}/`),

  // Admin extensions (staff; `personal_api_keys` also for yourself): masked keys, open signup
  listUserKeys: (uuid: string) => request<PersonalApiKey[]>('GET', `${u(uuid)}/personal_api_keys/`),
  instanceSettings: () => request<InstanceSettings>('GET', '/api/instance_settings/'),
  updateInstanceSettings: (patch: Partial<InstanceSettings>) =>
    request<InstanceSettings>('PATCH', '/api/instance_settings/', patch),

  // Dashboards (row 18) and activity (row 19)
  listDashboards: () =>
    request<PaginatedDashboardList>('GET', '/api/projects/@current/dashboards/', undefined, {
      query: { limit: 1000 },
    }),
  createDashboard: (name: string) =>
    request<Dashboard>('POST', '/api/projects/@current/dashboards/', { name }),
  activity: (uuid = '@me', page: { limit?: number; offset?: number } = {}) =>
    request<PaginatedActivityList>('GET', `${u(uuid)}/activity/`, undefined, { query: page }),
};
