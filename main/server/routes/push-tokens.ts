import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { Messages, notFound, permissionDenied } from '../../../shared/errors.js';
import { pushTokenRoutes as routes } from '../../../shared/routes/push-tokens.js';
import {
  deletePushToken,
  listPushTokens,
  registerPushToken,
  unregisterPushToken,
} from '../../domain/push-tokens.js';
import { callerOf } from '../access.js';
import type { AppEnv } from '../env.js';
import { implement } from '../route.js';
import { targetUser } from '../target-user.js';

/**
 * Routes 7–9: push tokens are device self-registration, so only `@me` is accepted for writes — even
 * from staff, and even the caller's own uuid: registering a device for someone else would route
 * their notifications to the wrong phone. Refused before the body is read.
 */
const meOnly = (_c: Context<AppEnv>, params: Record<string, string>) => {
  if (params.uuid !== '@me') throw permissionDenied(Messages.pushTokensMeOnly);
};

export function registerPushTokenRoutes(app: OpenAPIHono<AppEnv>): void {
  implement(
    app,
    routes.unregisterPushToken,
    (c, { body }) => {
      unregisterPushToken(c.get('deps'), callerOf(c).user.id, body.token, c.get('ctx'));
    },
    { authorize: meOnly },
  );

  implement(
    app,
    routes.registerPushToken,
    (c, { body }) =>
      registerPushToken(c.get('deps'), callerOf(c).user.id, body.token, body.platform, c.get('ctx')),
    { authorize: meOnly },
  );

  // Reading is inspection, not registration: staff see another user's devices read-only.
  implement(
    app,
    routes.listPushTokens,
    (c, { params }) => listPushTokens(c.get('deps'), targetUser(c, params.uuid).id),
    { authorize: (c, params) => callerOf(c).user.is_staff !== 1 && meOnly(c, params) },
  );

  implement(
    app,
    routes.deletePushToken,
    (c, { params }) => {
      if (!/^\d{1,15}$/.test(params.id)) throw notFound();
      deletePushToken(c.get('deps'), callerOf(c).user.id, Number(params.id), c.get('ctx'));
    },
    { authorize: meOnly },
  );
}
