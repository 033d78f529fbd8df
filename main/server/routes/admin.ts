import type { OpenAPIHono } from '@hono/zod-openapi';
import {
  AdminCreateUserRequestSchema,
  InstanceSettingsSchema,
  InstanceSettingsUpdateSchema,
} from '../../../shared/admin.js';
import { PersonalApiKeyListSchema } from '../../../shared/api-keys.js';
import { UserPathSchema } from '../../../shared/common.js';
import { Messages, permissionDenied } from '../../../shared/errors.js';
import { UserSchema } from '../../../shared/user.js';
import { createAccount } from '../../domain/accounts.js';
import { listKeys } from '../../domain/api-keys.js';
import { readInstanceSettings, updateInstanceSettings } from '../../domain/instance-settings.js';
import { viewUser } from '../../domain/user-view.js';
import { sessionCallerOf } from '../access.js';
import type { AppEnv } from '../env.js';
import { defineRoute, valid } from '../route.js';
import { targetUser } from '../target-user.js';

/**
 * Staff-only extensions behind the admin screen. Session only: administering accounts is the
 * window's job, not a scripting surface for personal API keys.
 */
export function registerAdminRoutes(app: OpenAPIHono<AppEnv>): void {
  const staffOnly = (c: Parameters<typeof sessionCallerOf>[0]) => {
    const caller = sessionCallerOf(c);
    if (caller.user.is_staff !== 1) throw permissionDenied(Messages.notStaff);
    return caller;
  };

  app.openapi(
    defineRoute({
      method: 'post',
      path: '/api/users/',
      access: 'session',
      sensitive: true,
      tags: ['admin'],
      status: 201,
      summary:
        'Create an account in the organization (Extension, staff only); same rules as `userdesk users create`.',
      body: AdminCreateUserRequestSchema,
      response: UserSchema,
    }),
    async (c) => {
      const caller = staffOnly(c);
      const body = valid(c, 'json', AdminCreateUserRequestSchema);
      const user = await createAccount(c.var.deps, body, c.var.ctx, caller.user.id);
      return c.json(viewUser(c.var.deps, user), 201);
    },
  );

  app.openapi(
    defineRoute({
      method: 'get',
      path: '/api/users/{uuid}/personal_api_keys/',
      access: 'session',
      tags: ['admin'],
      summary: "A user's personal API keys, masked (Extension): yourself, or anyone for staff.",
      params: UserPathSchema,
      response: PersonalApiKeyListSchema,
    }),
    (c) => c.json(listKeys(c.var.deps, targetUser(c, valid(c, 'param', UserPathSchema).uuid).id), 200),
  );

  app.openapi(
    defineRoute({
      method: 'get',
      path: '/api/instance_settings/',
      access: 'session',
      tags: ['admin'],
      summary: 'Instance switches (Extension): whether open signup is allowed after the first account.',
      response: InstanceSettingsSchema,
    }),
    (c) => {
      staffOnly(c);
      return c.json(readInstanceSettings(c.var.deps), 200);
    },
  );

  app.openapi(
    defineRoute({
      method: 'patch',
      path: '/api/instance_settings/',
      access: 'session',
      sensitive: true,
      tags: ['admin'],
      summary: 'Change instance switches (Extension, staff only).',
      body: InstanceSettingsUpdateSchema,
      response: InstanceSettingsSchema,
    }),
    (c) => {
      const caller = staffOnly(c);
      const changes = valid(c, 'json', InstanceSettingsUpdateSchema);
      return c.json(updateInstanceSettings(c.var.deps, caller.user, changes, c.var.ctx), 200);
    },
  );
}
