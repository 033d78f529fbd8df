import type { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { UserPathSchema } from '../../../shared/common.js';
import { UserPutSchema } from '../../../shared/user-actions.js';
import { UserSchema, UserUpdateSchema } from '../../../shared/user.js';
import { deleteUser } from '../../domain/user-delete.js';
import { consumeCurrentPasswordAttempt, isSensitiveUpdate, updateUser } from '../../domain/user-update.js';
import { viewUser } from '../../domain/user-view.js';
import { assertRecentLogin, callerOf } from '../access.js';
import { actorOf, ownSession } from '../caller-helpers.js';
import { clearSessionCookies } from '../cookies.js';
import type { AppEnv } from '../env.js';
import { isUnsafe } from '../middleware/json-body.js';
import { defineRoute, valid } from '../route.js';
import { targetUser } from '../target-user.js';

/**
 * "Any non-GET request whose body has current_password: 5 per minute per user" (users-api.md §2).
 * Mounted for all of /api/ before the routes, so every route that checks a current password —
 * today the user update, tomorrow any other — shares one budget. Counted before the check itself,
 * so a guesser cannot learn anything from attempts past the limit.
 */
export const currentPasswordThrottle: MiddlewareHandler<AppEnv> = async (c, next) => {
  const caller = c.var.caller;
  const body = c.var.body;
  if (
    isUnsafe(c.req.method) &&
    (caller.kind === 'session' || caller.kind === 'key') &&
    body !== null &&
    typeof body === 'object' &&
    Object.hasOwn(body, 'current_password')
  ) {
    consumeCurrentPasswordAttempt(c.var.deps, caller.user.id);
  }
  await next();
};

export function registerCurrentPasswordThrottle(app: OpenAPIHono<AppEnv>): void {
  app.use('/api/*', currentPasswordThrottle);
}

/** Route 3 (PATCH / PUT) and route 4 (DELETE) of the contract. */
export function registerUserWriteRoutes(app: OpenAPIHono<AppEnv>): void {
  for (const method of ['patch', 'put'] as const) {
    const body = method === 'patch' ? UserUpdateSchema : UserPutSchema;
    app.openapi(
      defineRoute({
        method,
        path: '/api/users/{uuid}/',
        access: 'user:write',
        tags: ['users'],
        summary:
          method === 'patch'
            ? 'Update a user. Preference-only changes need no recent login; email and password changes are session only.'
            : 'Replace a user: like PATCH, with `email` and `password` required (so session only and sensitive).',
        params: UserPathSchema,
        body,
        response: UserSchema,
      }),
      async (c) => {
        const caller = callerOf(c);
        const deps = c.var.deps;
        const target = targetUser(c, valid(c, 'param', UserPathSchema).uuid);
        const input = valid(c, 'json', body);
        const rawKeys = Object.keys(c.var.body ?? {});
        if (isSensitiveUpdate(method === 'patch' ? 'PATCH' : 'PUT', rawKeys)) assertRecentLogin(c);
        const updated = await updateUser(deps, actorOf(caller), target, input, c.var.ctx);
        return c.json(viewUser(deps, updated, ownSession(caller, updated)), 200);
      },
    );
  }

  app.openapi(
    defineRoute({
      method: 'delete',
      path: '/api/users/{uuid}/',
      access: 'session-401',
      tags: ['users'],
      summary:
        'Delete a user and everything they own (memberships, keys, devices, sessions). The last staff user cannot be deleted (409).',
      params: UserPathSchema,
      status: 204,
      response: null,
    }),
    (c) => {
      const caller = callerOf(c);
      const target = targetUser(c, valid(c, 'param', UserPathSchema).uuid);
      deleteUser(c.var.deps, caller.user, target, c.var.ctx);
      if (target.id === caller.user.id) clearSessionCookies(c);
      return c.body(null, 204);
    },
  );
}
