import type { OpenAPIHono } from '@hono/zod-openapi';
import { adminRoutes as routes } from '../../../shared/routes/admin.js';
import { createAccount } from '../../domain/accounts.js';
import { listKeys } from '../../domain/api-keys.js';
import { readInstanceSettings, updateInstanceSettings } from '../../domain/instance-settings.js';
import { viewUser } from '../../domain/user-view.js';
import { sessionCallerOf } from '../access.js';
import type { AppEnv } from '../env.js';
import { implement } from '../route.js';
import { targetUser } from '../target-user.js';

/**
 * Staff-only extensions behind the admin screen (the contracts carry `staffOnly`, so a non-staff
 * caller is refused before the body is read).
 */
export function registerAdminRoutes(app: OpenAPIHono<AppEnv>): void {
  implement(app, routes.createUser, async (c, { body }) => {
    const caller = sessionCallerOf(c);
    const deps = c.get('deps');
    const user = await createAccount(deps, body, c.get('ctx'), caller.user.id);
    return viewUser(deps, user);
  });

  implement(app, routes.listUserPersonalApiKeys, (c, { params }) =>
    listKeys(c.get('deps'), targetUser(c, params.uuid).id),
  );

  implement(app, routes.instanceSettings, (c) => readInstanceSettings(c.get('deps')));

  implement(app, routes.updateInstanceSettings, (c, { body }) =>
    updateInstanceSettings(c.get('deps'), sessionCallerOf(c).user, body, c.get('ctx')),
  );
}
