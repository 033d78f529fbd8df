import type { OpenAPIHono } from '@hono/zod-openapi';
import { userRoutes as routes } from '../../../shared/routes/users.js';
import { listUsersFor } from '../../domain/user-directory.js';
import { viewUser } from '../../domain/user-view.js';
import { callerOf } from '../access.js';
import { ownSession, pageLinks } from '../caller-helpers.js';
import type { AppEnv } from '../env.js';
import { implement } from '../route.js';
import { targetUser } from '../target-user.js';

/** Routes 1 and 2 of the contract: list and retrieve. */
export function registerUserReadRoutes(app: OpenAPIHono<AppEnv>): void {
  implement(app, routes.listUsers, (c, { query }) => {
    const caller = callerOf(c);
    const deps = c.get('deps');
    const limit = query.limit ?? 100;
    const offset = query.offset ?? 0;
    const { count, rows } = listUsersFor(deps, caller.user, { ...query, limit, offset });
    return {
      count,
      ...pageLinks(c, limit, offset, count),
      results: rows.map((u) => viewUser(deps, u, ownSession(caller, u))),
    };
  });

  implement(app, routes.retrieveUser, (c, { params }) => {
    const user = targetUser(c, params.uuid);
    return viewUser(c.get('deps'), user, ownSession(callerOf(c), user));
  });
}
