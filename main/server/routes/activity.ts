import type { OpenAPIHono } from '@hono/zod-openapi';
import { ActivityQuerySchema, PaginatedActivityListSchema } from '../../../shared/activity.js';
import { UserPathSchema } from '../../../shared/common.js';
import { listActivity, listDeletedUserActivity } from '../../domain/activity-view.js';
import { callerOf } from '../access.js';
import { pageLinks } from '../caller-helpers.js';
import type { AppEnv } from '../env.js';
import { defineRoute, valid } from '../route.js';
import { targetUser } from '../target-user.js';

/** Route 19 (Extension): the user's security events, newest first; staff may read anyone's. */
export function registerActivityRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    defineRoute({
      method: 'get',
      path: '/api/users/{uuid}/activity/',
      access: 'session',
      tags: ['users'],
      summary: 'Security events: sign-ins and failures, 2FA, email and password changes, keys and devices.',
      params: UserPathSchema,
      query: ActivityQuerySchema,
      response: PaginatedActivityListSchema,
    }),
    (c) => {
      const uuid = valid(c, 'param', UserPathSchema).uuid;
      const q = valid(c, 'query', ActivityQuerySchema);
      const limit = q.limit ?? 50;
      const offset = q.offset ?? 0;
      // Staff may still read a deleted user's events (security.md 29); targetUser refuses the rest.
      const deleted =
        callerOf(c).user.is_staff === 1 && listDeletedUserActivity(c.var.deps, uuid, limit, offset);
      const { count, results } = deleted || listActivity(c.var.deps, targetUser(c, uuid).id, limit, offset);
      return c.json({ count, ...pageLinks(c, limit, offset, count), results }, 200);
    },
  );
}
