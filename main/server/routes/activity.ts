import type { OpenAPIHono } from '@hono/zod-openapi';
import { activityRoutes as routes } from '../../../shared/routes/activity.js';
import { listActivity, listDeletedUserActivity } from '../../domain/activity-view.js';
import { callerOf } from '../access.js';
import { pageLinks } from '../caller-helpers.js';
import type { AppEnv } from '../env.js';
import { implement } from '../route.js';
import { targetUser } from '../target-user.js';

/** Route 19 (Extension): the user's security events, newest first; staff may read anyone's. */
export function registerActivityRoutes(app: OpenAPIHono<AppEnv>): void {
  implement(app, routes.listActivity, (c, { params, query }) => {
    const deps = c.get('deps');
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    // Staff may still read a deleted user's events (security.md 29); targetUser refuses the rest.
    const deleted =
      callerOf(c).user.is_staff === 1 && listDeletedUserActivity(deps, params.uuid, limit, offset);
    const { count, results } = deleted || listActivity(deps, targetUser(c, params.uuid).id, limit, offset);
    return { count, ...pageLinks(c, limit, offset, count), results };
  });
}
