/**
 * The shapes screens name in their own props and state, re-exported from shared/ — the same zod
 * schemas that validate the server's requests and type every `call` answer. Nothing here is
 * written by hand.
 */

export type { User, UserUpdate } from '../../../shared/user.js';
export type { Preflight } from '../../../shared/auth.js';
export type { TwoFactorStartSetupResponse as TwoFactorSetup } from '../../../shared/two-factor.js';
export type { PushTokenListItem as PushToken } from '../../../shared/push-tokens.js';
export type { LoginSession } from '../../../shared/login-sessions.js';
export type { PersonalApiKey, PersonalApiKeyWithValue } from '../../../shared/api-keys.js';
export type { ActivityEvent } from '../../../shared/activity.js';
