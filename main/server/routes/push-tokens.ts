import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { UserPathSchema } from '../../../shared/common.js';
import { Messages, notFound, permissionDenied } from '../../../shared/errors.js';
import {
  PushTokenListSchema,
  PushTokenPathSchema,
  PushTokenRegisterRequestSchema,
  PushTokenSchema,
  PushTokenUnregisterRequestSchema,
} from '../../../shared/push-tokens.js';
import {
  deletePushToken,
  listPushTokens,
  registerPushToken,
  unregisterPushToken,
} from '../../domain/push-tokens.js';
import { callerOf } from '../access.js';
import type { AppEnv } from '../env.js';
import { defineRoute, valid } from '../route.js';
import { targetUser } from '../target-user.js';

/**
 * Routes 7–9: push tokens are device self-registration, so only `@me` is accepted — even from
 * staff, and even the caller's own uuid: registering a device for someone else would route their
 * notifications to the wrong phone.
 */
function meOnly(c: Context<AppEnv>, uuid: string) {
  const caller = callerOf(c);
  if (uuid !== '@me') throw permissionDenied(Messages.pushTokensMeOnly);
  return caller.user;
}

export function registerPushTokenRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    defineRoute({
      method: 'post',
      path: '/api/users/{uuid}/push_tokens/unregister/',
      access: 'user:write',
      tags: ['push tokens'],
      summary: "Remove the caller's row for this token; 204 whether or not one matched.",
      params: UserPathSchema,
      body: PushTokenUnregisterRequestSchema,
      status: 204,
      response: null,
    }),
    (c) => {
      const user = meOnly(c, valid(c, 'param', UserPathSchema).uuid);
      const { token } = valid(c, 'json', PushTokenUnregisterRequestSchema);
      unregisterPushToken(c.var.deps, user.id, token, c.var.ctx);
      return c.body(null, 204);
    },
  );

  app.openapi(
    defineRoute({
      method: 'post',
      path: '/api/users/{uuid}/push_tokens/',
      access: 'user:write',
      tags: ['push tokens'],
      summary:
        'Register or refresh a push token (upsert on user and token; at most 20, least recently seen evicted).',
      params: UserPathSchema,
      body: PushTokenRegisterRequestSchema,
      response: PushTokenSchema,
    }),
    (c) => {
      const user = meOnly(c, valid(c, 'param', UserPathSchema).uuid);
      const { token, platform } = valid(c, 'json', PushTokenRegisterRequestSchema);
      return c.json(registerPushToken(c.var.deps, user.id, token, platform, c.var.ctx), 200);
    },
  );

  app.openapi(
    defineRoute({
      method: 'get',
      path: '/api/users/{uuid}/push_tokens/',
      access: 'user:read',
      tags: ['push tokens'],
      summary:
        "A user's push tokens, newest first, with a preview instead of the token (Extension). " +
        "Staff may read any user's list (the admin view); managing them stays `@me` only.",
      params: UserPathSchema,
      response: PushTokenListSchema,
    }),
    (c) => {
      const { uuid } = valid(c, 'param', UserPathSchema);
      // Reading is inspection, not registration: staff see another user's devices read-only.
      const user = callerOf(c).user.is_staff === 1 && uuid !== '@me' ? targetUser(c, uuid) : meOnly(c, uuid);
      return c.json(listPushTokens(c.var.deps, user.id), 200);
    },
  );

  app.openapi(
    defineRoute({
      method: 'delete',
      path: '/api/users/{uuid}/push_tokens/{id}/',
      access: 'user:write',
      tags: ['push tokens'],
      summary: "Remove one of the caller's push tokens by id (Extension).",
      params: PushTokenPathSchema,
      status: 204,
      response: null,
    }),
    (c) => {
      const { uuid, id } = valid(c, 'param', PushTokenPathSchema);
      const user = meOnly(c, uuid);
      if (!/^\d{1,15}$/.test(id)) throw notFound();
      deletePushToken(c.var.deps, user.id, Number(id), c.var.ctx);
      return c.body(null, 204);
    },
  );
}
