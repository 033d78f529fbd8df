import { UserPathSchema } from '../common.js';
import {
  PushTokenListSchema,
  PushTokenPathSchema,
  PushTokenRegisterRequestSchema,
  PushTokenSchema,
  PushTokenUnregisterRequestSchema,
} from '../push-tokens.js';
import { route } from '../route-contract.js';

/** Routes 7–9 (users-api.md §4): device self-registration, `@me` only for writes. */
export const pushTokenRoutes = {
  unregisterPushToken: route({
    method: 'post',
    path: '/api/users/{uuid}/push_tokens/unregister/',
    access: 'user:write',
    tags: ['push tokens'],
    summary: "Remove the caller's row for this token; 204 whether or not one matched.",
    params: UserPathSchema,
    body: PushTokenUnregisterRequestSchema,
    status: 204,
    response: null,
  }),
  registerPushToken: route({
    method: 'post',
    path: '/api/users/{uuid}/push_tokens/',
    access: 'user:write',
    tags: ['push tokens'],
    summary:
      'Register or refresh a push token (upsert on user and token; at most 20, least recently seen evicted).',
    params: UserPathSchema,
    body: PushTokenRegisterRequestSchema,
    response: PushTokenSchema,
  }),
  listPushTokens: route({
    method: 'get',
    path: '/api/users/{uuid}/push_tokens/',
    access: 'user:read',
    tags: ['push tokens'],
    summary:
      "A user's push tokens, newest first, with a preview instead of the token (Extension). " +
      "Staff may read any user's list (the admin view); managing them stays `@me` only.",
    params: UserPathSchema,
    response: PushTokenListSchema,
  }),
  deletePushToken: route({
    method: 'delete',
    path: '/api/users/{uuid}/push_tokens/{id}/',
    access: 'user:write',
    tags: ['push tokens'],
    summary: "Remove one of the caller's push tokens by id (Extension).",
    params: PushTokenPathSchema,
    status: 204,
    response: null,
  }),
};
