import type { OpenAPIHono } from '@hono/zod-openapi';
import { userRoutes as routes } from '../../../shared/routes/users.js';
import { hedgehogConfigOf, setHedgehogConfig } from '../../domain/user-update.js';
import type { AppEnv } from '../env.js';
import { implement } from '../route.js';
import { targetUser } from '../target-user.js';

/** Route 5: the hedgehog's settings, stored verbatim. */
export function registerHedgehogConfigRoutes(app: OpenAPIHono<AppEnv>): void {
  implement(
    app,
    routes.hedgehogConfig,
    (c, { params }) => hedgehogConfigOf(targetUser(c, params.uuid)) as Record<string, unknown>,
  );

  implement(
    app,
    routes.updateHedgehogConfig,
    (c, { params, body }) =>
      setHedgehogConfig(c.get('deps'), targetUser(c, params.uuid), body) as Record<string, unknown>,
  );
}
