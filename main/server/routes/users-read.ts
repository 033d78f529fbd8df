import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { UserPathSchema } from '../../../shared/common.js';
import { PaginatedUserListSchema, UserSchema } from '../../../shared/user.js';
import { viewUser } from '../../domain/user-view.js';
import { callerOf } from '../access.js';
import type { AppEnv } from '../env.js';
import { defineRoute, valid } from '../route.js';
import { targetUser } from '../target-user.js';

const ListQuerySchema = z.object({
  email: z.string().max(254).optional(),
  is_staff: z.enum(['true', 'false', 'True', 'False', '1', '0']).optional(),
  search: z.string().max(254).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

/** Routes 1 and 2 of the contract: list and retrieve. */
export function registerUserReadRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    defineRoute({
      method: 'get',
      path: '/api/users/',
      access: 'user:read',
      tags: ['users'],
      summary: 'List users: staff see everyone, others only themselves.',
      query: ListQuerySchema,
      response: PaginatedUserListSchema,
    }),
    (c) => {
      const caller = callerOf(c);
      const deps = c.var.deps;
      const q = valid(c, 'query', ListQuerySchema);
      const limit = q.limit ?? 100;
      const offset = q.offset ?? 0;
      const session = caller.kind === 'session' ? caller.session : undefined;
      let count: number;
      let rows;
      if (caller.user.is_staff === 1) {
        ({ count, rows } = deps.repos.users.list({
          email: q.email,
          isStaff: q.is_staff === undefined ? undefined : ['true', 'True', '1'].includes(q.is_staff),
          search: q.search?.trim() || undefined,
          limit,
          offset,
        }));
      } else {
        const me = caller.user;
        const matches =
          (q.email === undefined || q.email.toLowerCase() === me.email.toLowerCase()) &&
          (q.is_staff === undefined || ['false', 'False', '0'].includes(q.is_staff));
        count = matches ? 1 : 0;
        rows = matches && offset === 0 ? [me] : [];
      }
      const page = (o: number) => {
        const url = new URL(c.req.url);
        url.searchParams.set('limit', String(limit));
        url.searchParams.set('offset', String(o));
        return url.toString();
      };
      return c.json(
        {
          count,
          next: offset + limit < count ? page(offset + limit) : null,
          previous: offset > 0 ? page(Math.max(0, offset - limit)) : null,
          results: rows.map((u) => viewUser(deps, u, u.id === caller.user.id ? session : undefined)),
        },
        200,
      );
    },
  );

  app.openapi(
    defineRoute({
      method: 'get',
      path: '/api/users/{uuid}/',
      access: 'user:read',
      tags: ['users'],
      summary: 'Retrieve a user (`@me` for yourself).',
      params: UserPathSchema,
      response: UserSchema,
    }),
    (c) => {
      const caller = callerOf(c);
      const user = targetUser(c, valid(c, 'param', UserPathSchema).uuid);
      const session = caller.kind === 'session' && user.id === caller.user.id ? caller.session : undefined;
      return c.json(viewUser(c.var.deps, user, session), 200);
    },
  );
}
