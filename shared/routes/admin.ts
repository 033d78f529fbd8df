import {
  AdminCreateUserRequestSchema,
  InstanceSettingsSchema,
  InstanceSettingsUpdateSchema,
} from '../admin.js';
import { PersonalApiKeyListSchema } from '../api-keys.js';
import { UserPathSchema } from '../common.js';
import { route } from '../route-contract.js';
import { UserSchema } from '../user.js';

/**
 * Staff-only extensions behind the admin screen. Session only: administering accounts is the
 * window's job, not a scripting surface for personal API keys. `staffOnly` refuses before the body
 * is read (authorization before validation).
 */
export const adminRoutes = {
  createUser: route({
    method: 'post',
    path: '/api/users/',
    access: 'session',
    sensitive: true,
    staffOnly: true,
    tags: ['admin'],
    status: 201,
    summary:
      'Create an account in the organization (Extension, staff only); same rules as `userdesk users create`.',
    body: AdminCreateUserRequestSchema,
    response: UserSchema,
  }),
  listUserPersonalApiKeys: route({
    method: 'get',
    path: '/api/users/{uuid}/personal_api_keys/',
    access: 'session',
    tags: ['admin'],
    summary: "A user's personal API keys, masked (Extension): yourself, or anyone for staff.",
    params: UserPathSchema,
    response: PersonalApiKeyListSchema,
  }),
  instanceSettings: route({
    method: 'get',
    path: '/api/instance_settings/',
    access: 'session',
    staffOnly: true,
    tags: ['admin'],
    summary: 'Instance switches (Extension): whether open signup is allowed after the first account.',
    response: InstanceSettingsSchema,
  }),
  updateInstanceSettings: route({
    method: 'patch',
    path: '/api/instance_settings/',
    access: 'session',
    sensitive: true,
    staffOnly: true,
    tags: ['admin'],
    summary: 'Change instance switches (Extension, staff only).',
    body: InstanceSettingsUpdateSchema,
    response: InstanceSettingsSchema,
  }),
};
