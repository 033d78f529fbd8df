import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { notFound } from '../../../shared/errors.js';
import { loginSessionRoutes as routes } from '../../../shared/routes/login-sessions.js';
import { listLoginSessions, revokeLoginSession, revokeOtherSessions } from '../../domain/login-sessions.js';
import { assertRecentLogin, sessionCallerOf } from '../access.js';
import type { AppEnv } from '../env.js';
import { implement } from '../route.js';
import { targetUser } from '../target-user.js';

/**
 * security.md 26: signing another user out is a staff action that needs a login within the last
 * 2 hours; your own sessions stay manageable from an older one. Checked before anything else runs.
 */
function recentLoginForOthers(c: Context<AppEnv>, params: Record<string, string>): void {
  const uuid = params.uuid;
  if (uuid !== '@me' && uuid.toLowerCase() !== sessionCallerOf(c).user.uuid) assertRecentLogin(c);
}

/** Route 16: the user's signed-in sessions (session only; staff may manage anyone's). */
export function registerLoginSessionRoutes(app: OpenAPIHono<AppEnv>): void {
  implement(app, routes.listLoginSessions, (c, { params }) => {
    const user = targetUser(c, params.uuid);
    return listLoginSessions(c.get('deps'), user.id, sessionCallerOf(c).session.id);
  });

  implement(
    app,
    routes.revokeOtherSessions,
    (c, { params }) => {
      const caller = sessionCallerOf(c);
      const user = targetUser(c, params.uuid);
      const keep = user.id === caller.user.id ? caller.session.id : null;
      return {
        revoked_count: revokeOtherSessions(c.get('deps'), user.id, keep, caller.user.id, c.get('ctx')),
      };
    },
    { authorize: recentLoginForOthers },
  );

  implement(
    app,
    routes.revokeLoginSession,
    (c, { params }) => {
      const caller = sessionCallerOf(c);
      const user = targetUser(c, params.uuid);
      if (!/^\d{1,15}$/.test(params.id)) throw notFound();
      revokeLoginSession(c.get('deps'), user.id, Number(params.id), caller.user.id, c.get('ctx'));
    },
    { authorize: recentLoginForOthers },
  );
}
