import type { OpenAPIHono } from '@hono/zod-openapi';
import { userRoutes as routes } from '../../../shared/routes/users.js';
import { cancelEmailChange, verifyEmailChange } from '../../domain/email-change.js';
import { viewUser } from '../../domain/user-view.js';
import { sessionCallerOf } from '../access.js';
import type { AppEnv } from '../env.js';
import { implement } from '../route.js';

/**
 * Route 15 and verify_email (users-api.md §3). Fixed paths under /api/users/: registered before
 * the `{uuid}` routes so they are never read as a uuid.
 */
export function registerEmailChangeRoutes(app: OpenAPIHono<AppEnv>): void {
  implement(app, routes.cancelEmailChange, (c) => {
    const caller = sessionCallerOf(c);
    const user = cancelEmailChange(c.get('deps'), caller.user, c.get('ctx'));
    return viewUser(c.get('deps'), user, caller.session);
  });

  implement(app, routes.verifyEmail, (c, { body }) => {
    const deps = c.get('deps');
    const user = verifyEmailChange(deps, body.uuid, body.code, c.get('ctx'));
    const caller = c.get('caller');
    const session = caller.kind === 'session' && caller.user.id === user.id ? caller.session : undefined;
    return viewUser(deps, user, session);
  });
}
