import type { PushPlatform } from '../../../shared/enums.js';
import type { ClientInput } from '../../../shared/route-contract.js';
import type { RouteKey, RouteTable } from '../../../shared/routes/index.js';
import { call } from './client.js';

/**
 * Every route of users-api.md the window calls. Each goes through `call` with its `"METHOD path"`
 * key from shared/routes, so its input and answer types come from the route's own zod schemas —
 * no response type is written here. `uuid` is a user's uuid or `@me`.
 */

/** The body a route takes, from its contract. */
type Body<K extends RouteKey> = ClientInput<RouteTable[K]>['body'];
/** The query a route takes, from its contract. */
type Query<K extends RouteKey> = ClientInput<RouteTable[K]>['query'];

const me = { uuid: '@me' };
// Session routes: a 401 is an answer here, not a reason to sign the window out; no re-auth prompt.
const sessionStep = { reauth: false, quiet401: true } as const;

export const api = {
  // Session (§2)
  preflight: () => call('GET /_preflight/', {}, { quiet401: true }),
  me: () => call('GET /api/users/{uuid}/', { params: me }, { quiet401: true }),
  login: (email: string, password: string) =>
    call('POST /api/login/', { body: { email, password } }, sessionStep),
  loginToken: (token: string) => call('POST /api/login/token/', { body: { token } }, sessionStep),
  logout: () => call('POST /api/logout/', {}, sessionStep),
  signup: (body: Body<'POST /api/signup/'>) => call('POST /api/signup/', { body }, sessionStep),

  // Users (§4 rows 1–6, 15)
  listUsers: (query: Query<'GET /api/users/'>) => call('GET /api/users/', { query }),
  getUser: (uuid: string) => call('GET /api/users/{uuid}/', { params: { uuid } }),
  patchUser: (uuid: string, body: Body<'PATCH /api/users/{uuid}/'>) =>
    call('PATCH /api/users/{uuid}/', { params: { uuid }, body }),
  deleteUser: (uuid: string) => call('DELETE /api/users/{uuid}/', { params: { uuid } }),
  /** Staff only, sensitive (Extension): the account joins the organization as a member. */
  createUser: (body: Body<'POST /api/users/'>) => call('POST /api/users/', { body }),
  getHedgehog: (uuid = '@me') => call('GET /api/users/{uuid}/hedgehog_config/', { params: { uuid } }),
  patchHedgehog: (config: Body<'PATCH /api/users/{uuid}/hedgehog_config/'>, uuid = '@me') =>
    call('PATCH /api/users/{uuid}/hedgehog_config/', { params: { uuid }, body: config }),
  setScenePersonalisation: (scene: string, dashboard: number, uuid = '@me') =>
    call('POST /api/users/{uuid}/scene_personalisation/', { params: { uuid }, body: { scene, dashboard } }),
  verifyEmail: (uuid: string, code: string) =>
    call('POST /api/users/verify_email/', { body: { uuid, code } }),
  cancelEmailChange: () => call('PATCH /api/users/cancel_email_change_request/', {}),

  // Push tokens (rows 7–9)
  listPushTokens: (uuid = '@me') => call('GET /api/users/{uuid}/push_tokens/', { params: { uuid } }),
  registerPushToken: (token: string, platform: PushPlatform) =>
    call('POST /api/users/{uuid}/push_tokens/', { params: me, body: { token, platform } }),
  deletePushToken: (id: number) =>
    call('DELETE /api/users/{uuid}/push_tokens/{id}/', { params: { uuid: '@me', id: String(id) } }),

  // Two-factor (rows 10–14)
  twoFactorStatus: (uuid = '@me') => call('GET /api/users/{uuid}/two_factor_status/', { params: { uuid } }),
  twoFactorStart: () => call('GET /api/users/{uuid}/two_factor_start_setup/', { params: me }),
  twoFactorValidate: (token: string) =>
    call('POST /api/users/{uuid}/two_factor_validate/', { params: me, body: { token } }),
  twoFactorBackupCodes: () => call('POST /api/users/{uuid}/two_factor_backup_codes/', { params: me }),
  twoFactorDisable: (uuid = '@me') =>
    call('POST /api/users/{uuid}/two_factor_disable/', { params: { uuid } }),

  // Login sessions (row 16)
  listSessions: (uuid = '@me') => call('GET /api/users/{uuid}/login_sessions/', { params: { uuid } }),
  revokeSession: (id: number | string, uuid = '@me') =>
    call('DELETE /api/users/{uuid}/login_sessions/{id}/', { params: { uuid, id: String(id) } }),
  revokeOtherSessions: () => call('POST /api/users/{uuid}/login_sessions/revoke_others/', { params: me }),

  // Personal API keys (row 17)
  listKeys: () => call('GET /api/personal_api_keys/', {}),
  createKey: (label: string, scopes: string[]) =>
    call('POST /api/personal_api_keys/', { body: { label, scopes } }),
  updateKey: (id: string, body: Body<'PATCH /api/personal_api_keys/{id}/'>) =>
    call('PATCH /api/personal_api_keys/{id}/', { params: { id }, body }),
  rollKey: (id: string) => call('POST /api/personal_api_keys/{id}/roll/', { params: { id } }),
  deleteKey: (id: string) => call('DELETE /api/personal_api_keys/{id}/', { params: { id } }),

  // Admin extensions (staff; `personal_api_keys` also for yourself): masked keys, open signup
  listUserKeys: (uuid: string) => call('GET /api/users/{uuid}/personal_api_keys/', { params: { uuid } }),
  instanceSettings: () => call('GET /api/instance_settings/', {}),
  updateInstanceSettings: (body: Body<'PATCH /api/instance_settings/'>) =>
    call('PATCH /api/instance_settings/', { body }),

  // Dashboards (row 18) and activity (row 19)
  listDashboards: () =>
    call('GET /api/projects/{project_id}/dashboards/', {
      params: { project_id: '@current' },
      query: { limit: 1000 },
    }),
  createDashboard: (name: string) =>
    call('POST /api/projects/{project_id}/dashboards/', {
      params: { project_id: '@current' },
      body: { name },
    }),
  activity: (uuid = '@me', page: { limit?: number; offset?: number } = {}) =>
    call('GET /api/users/{uuid}/activity/', { params: { uuid }, query: page }),
};
