import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { userRoutes as routes } from '../../../shared/routes/users.js';
import { deleteUser } from '../../domain/user-delete.js';
import { consumeCurrentPasswordAttempt, isSensitiveUpdate, updateUser } from '../../domain/user-update.js';
import { viewUser } from '../../domain/user-view.js';
import { assertRecentLogin, callerOf } from '../access.js';
import { actorOf, ownSession } from '../caller-helpers.js';
import { clearSessionCookies } from '../cookies.js';
import type { AppEnv } from '../env.js';
import { isUnsafe } from '../middleware/json-body.js';
import { implement } from '../route.js';
import { targetUser } from '../target-user.js';

/**
 * "Any non-GET request whose body has current_password: 5 per minute per user" (users-api.md §2).
 * Mounted for all of /api/ before the routes, so every route that checks a current password —
 * today the user update, tomorrow any other — shares one budget. Counted before the check itself,
 * so a guesser cannot learn anything from attempts past the limit.
 */
export const currentPasswordThrottle: MiddlewareHandler<AppEnv> = async (c, next) => {
  const caller = c.get('caller');
  const body = c.get('body');
  if (
    isUnsafe(c.req.method) &&
    (caller.kind === 'session' || caller.kind === 'key') &&
    body !== null &&
    typeof body === 'object' &&
    Object.hasOwn(body, 'current_password')
  ) {
    consumeCurrentPasswordAttempt(c.get('deps'), caller.user.id);
  }
  await next();
};

export function registerCurrentPasswordThrottle(app: OpenAPIHono<AppEnv>): void {
  app.use('/api/*', currentPasswordThrottle);
}

/**
 * A PATCH changing more than preferences, and every PUT, is sensitive (users-api.md §2). Decided
 * from the body's keys before the body is validated, like every other refusal.
 */
const sensitiveUpdate = (method: 'PATCH' | 'PUT') => (c: Context<AppEnv>) => {
  const body = c.get('body');
  const keys = body !== null && typeof body === 'object' ? Object.keys(body) : [];
  if (isSensitiveUpdate(method, keys)) assertRecentLogin(c);
};

/** Route 3 (PATCH / PUT) and route 4 (DELETE) of the contract. */
export function registerUserWriteRoutes(app: OpenAPIHono<AppEnv>): void {
  for (const [contract, method] of [
    [routes.updateUser, 'PATCH'],
    [routes.replaceUser, 'PUT'],
  ] as const) {
    implement(
      app,
      contract,
      async (c, { params, body }) => {
        const caller = callerOf(c);
        const deps = c.get('deps');
        const target = targetUser(c, params.uuid);
        const updated = await updateUser(deps, actorOf(caller), target, body, c.get('ctx'));
        return viewUser(deps, updated, ownSession(caller, updated));
      },
      { authorize: sensitiveUpdate(method) },
    );
  }

  // Sensitive (security.md 26): deleting an account — yours or, as staff, anyone's — needs a
  // login within the last 2 hours.
  implement(app, routes.deleteUser, (c, { params }) => {
    const caller = callerOf(c);
    const target = targetUser(c, params.uuid);
    deleteUser(c.get('deps'), caller.user, target, c.get('ctx'));
    if (target.id === caller.user.id) clearSessionCookies(c);
  });
}
