import type { OpenAPIHono } from '@hono/zod-openapi';
import { activityRoutes as routes } from '../../../shared/routes/activity.js';
import { listActivity } from '../../domain/activity-view.js';
import { pageLinks } from '../caller-helpers.js';
import type { AppEnv } from '../env.js';
import { implement } from '../route.js';
import { targetUser } from '../target-user.js';

/** Route 19 (Extension): the user's security events, newest first; staff may read anyone's. */
export function registerActivityRoutes(app: OpenAPIHono<AppEnv>): void {
  implement(app, routes.listActivity, (c, { params, query }) => {
    const user = targetUser(c, params.uuid);
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const { count, results } = listActivity(c.get('deps'), user.id, limit, offset);
    return { count, ...pageLinks(c, limit, offset, count), results };
  });
}
