import type { OpenAPIHono } from '@hono/zod-openapi';
import { UserPathSchema } from '../../../shared/common.js';
import { notFound } from '../../../shared/errors.js';
import {
  LoginSessionListSchema,
  LoginSessionPathSchema,
  RevokeOtherSessionsResultSchema,
} from '../../../shared/login-sessions.js';
import { listLoginSessions, revokeLoginSession, revokeOtherSessions } from '../../domain/login-sessions.js';
import { sessionCallerOf } from '../access.js';
import type { AppEnv } from '../env.js';
import { defineRoute, valid } from '../route.js';
import { targetUser } from '../target-user.js';

/** Route 16: the user's signed-in sessions (session only; staff may manage anyone's). */
export function registerLoginSessionRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    defineRoute({
      method: 'get',
      path: '/api/users/{uuid}/login_sessions/',
      access: 'session',
      tags: ['sessions'],
      summary: 'Signed-in sessions, most recently active first; `is_current` marks this one.',
      params: UserPathSchema,
      response: LoginSessionListSchema,
    }),
    (c) => {
      const caller = sessionCallerOf(c);
      const user = targetUser(c, valid(c, 'param', UserPathSchema).uuid);
      return c.json(listLoginSessions(c.var.deps, user.id, caller.session.id), 200);
    },
  );

  app.openapi(
    defineRoute({
      method: 'post',
      path: '/api/users/{uuid}/login_sessions/revoke_others/',
      access: 'session',
      tags: ['sessions'],
      summary: 'Sign out every other session (all of them when staff acts for another user).',
      params: UserPathSchema,
      response: RevokeOtherSessionsResultSchema,
    }),
    (c) => {
      const caller = sessionCallerOf(c);
      const user = targetUser(c, valid(c, 'param', UserPathSchema).uuid);
      const keep = user.id === caller.user.id ? caller.session.id : null;
      return c.json(
        { revoked_count: revokeOtherSessions(c.var.deps, user.id, keep, caller.user.id, c.var.ctx) },
        200,
      );
    },
  );

  app.openapi(
    defineRoute({
      method: 'delete',
      path: '/api/users/{uuid}/login_sessions/{id}/',
      access: 'session',
      tags: ['sessions'],
      summary: 'Sign one session out.',
      params: LoginSessionPathSchema,
      status: 204,
      response: null,
    }),
    (c) => {
      const caller = sessionCallerOf(c);
      const { uuid, id } = valid(c, 'param', LoginSessionPathSchema);
      const user = targetUser(c, uuid);
      if (!/^\d{1,15}$/.test(id)) throw notFound();
      revokeLoginSession(c.var.deps, user.id, Number(id), caller.user.id, c.var.ctx);
      return c.body(null, 204);
    },
  );
}
