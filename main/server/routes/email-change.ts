import type { OpenAPIHono } from '@hono/zod-openapi';
import { VerifyEmailRequestSchema } from '../../../shared/email-change.js';
import { UserSchema } from '../../../shared/user.js';
import { cancelEmailChange, verifyEmailChange } from '../../domain/email-change.js';
import { viewUser } from '../../domain/user-view.js';
import { sessionCallerOf } from '../access.js';
import type { AppEnv } from '../env.js';
import { defineRoute, valid } from '../route.js';

/**
 * Route 15 and verify_email (users-api.md §3). Fixed paths under /api/users/: registered before
 * the `{uuid}` routes so they are never read as a uuid.
 */
export function registerEmailChangeRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    defineRoute({
      method: 'patch',
      path: '/api/users/cancel_email_change_request/',
      access: 'session',
      sensitive: true,
      tags: ['users'],
      summary: 'Cancel the pending email change: clears `pending_email` and voids the mailed code.',
      response: UserSchema,
    }),
    (c) => {
      const caller = sessionCallerOf(c);
      const user = cancelEmailChange(c.var.deps, caller.user, c.var.ctx);
      return c.json(viewUser(c.var.deps, user, caller.session), 200);
    },
  );

  app.openapi(
    defineRoute({
      method: 'post',
      path: '/api/users/verify_email/',
      access: 'public',
      tags: ['users'],
      summary:
        'Confirm a pending email change with the 6-digit code mailed to the new address (valid 10 minutes, 5 tries).',
      body: VerifyEmailRequestSchema,
      response: UserSchema,
    }),
    (c) => {
      const deps = c.var.deps;
      const { uuid, code } = valid(c, 'json', VerifyEmailRequestSchema);
      const user = verifyEmailChange(deps, uuid, code, c.var.ctx);
      const caller = c.var.caller;
      const session = caller.kind === 'session' && caller.user.id === user.id ? caller.session : undefined;
      return c.json(viewUser(deps, user, session), 200);
    },
  );
}
