import { UserPathSchema } from '../common.js';
import { VerifyEmailRequestSchema } from '../email-change.js';
import { route } from '../route-contract.js';
import { HedgehogConfigSchema, ScenePersonalisationRequestSchema, UserPutSchema } from '../user-actions.js';
import { PaginatedUserListSchema, UserListQuerySchema, UserSchema, UserUpdateSchema } from '../user.js';

/** Routes 1–6 and 15 (users-api.md §3–§4) and verify_email. */
export const userRoutes = {
  // Fixed paths under /api/users/ come first: the server registers them before `{uuid}`.
  cancelEmailChange: route({
    method: 'patch',
    path: '/api/users/cancel_email_change_request/',
    access: 'session',
    sensitive: true,
    tags: ['users'],
    summary: 'Cancel the pending email change: clears `pending_email` and voids the mailed code.',
    response: UserSchema,
  }),
  verifyEmail: route({
    method: 'post',
    path: '/api/users/verify_email/',
    access: 'public',
    tags: ['users'],
    summary:
      'Confirm a pending email change with the 6-digit code mailed to the new address (valid 10 minutes, 5 tries).',
    body: VerifyEmailRequestSchema,
    response: UserSchema,
  }),
  listUsers: route({
    method: 'get',
    path: '/api/users/',
    access: 'user:read',
    tags: ['users'],
    summary: 'List users: staff see everyone, others only themselves.',
    query: UserListQuerySchema,
    response: PaginatedUserListSchema,
  }),
  retrieveUser: route({
    method: 'get',
    path: '/api/users/{uuid}/',
    access: 'user:read',
    tags: ['users'],
    summary: 'Retrieve a user (`@me` for yourself).',
    params: UserPathSchema,
    response: UserSchema,
  }),
  updateUser: route({
    method: 'patch',
    path: '/api/users/{uuid}/',
    access: 'user:write',
    tags: ['users'],
    summary:
      'Update a user. Preference-only changes need no recent login; email and password changes are session only.',
    params: UserPathSchema,
    body: UserUpdateSchema,
    response: UserSchema,
  }),
  replaceUser: route({
    method: 'put',
    path: '/api/users/{uuid}/',
    access: 'user:write',
    tags: ['users'],
    summary:
      'Replace a user: like PATCH, with `email` and `password` required (so session only and sensitive).',
    params: UserPathSchema,
    body: UserPutSchema,
    response: UserSchema,
  }),
  deleteUser: route({
    method: 'delete',
    path: '/api/users/{uuid}/',
    access: 'session-401',
    sensitive: true,
    tags: ['users'],
    summary:
      'Delete a user and everything they own (memberships, keys, devices, sessions). The last staff user cannot be deleted (409).',
    params: UserPathSchema,
    status: 204,
    response: null,
  }),
  hedgehogConfig: route({
    method: 'get',
    path: '/api/users/{uuid}/hedgehog_config/',
    access: 'user:read',
    tags: ['users'],
    summary: 'The stored hedgehog config, or `{}`.',
    params: UserPathSchema,
    response: HedgehogConfigSchema,
  }),
  updateHedgehogConfig: route({
    method: 'patch',
    path: '/api/users/{uuid}/hedgehog_config/',
    access: 'user:write',
    tags: ['users'],
    summary: 'Store the body as the hedgehog config and return it.',
    params: UserPathSchema,
    body: HedgehogConfigSchema,
    response: HedgehogConfigSchema,
  }),
  scenePersonalisation: route({
    method: 'post',
    path: '/api/users/{uuid}/scene_personalisation/',
    access: 'session',
    tags: ['users'],
    summary: "Set the dashboard a scene opens in the user's current project; returns the user.",
    params: UserPathSchema,
    body: ScenePersonalisationRequestSchema,
    response: UserSchema,
  }),
};
