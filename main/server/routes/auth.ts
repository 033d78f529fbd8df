import type { OpenAPIHono } from '@hono/zod-openapi';
import { LoginRequestSchema, SignupRequestSchema, SuccessSchema } from '../../../shared/auth.js';
import { Messages, permissionDenied } from '../../../shared/errors.js';
import { UserSchema } from '../../../shared/user.js';
import { createAccount, signupAllowed } from '../../domain/accounts.js';
import { login, logout, twoFactorRequiredError } from '../../domain/auth.js';
import { issueSession } from '../../domain/sessions.js';
import { viewUser } from '../../domain/user-view.js';
import { clearSessionCookies, setSessionCookies } from '../cookies.js';
import type { AppEnv } from '../env.js';
import { renderError } from '../errors.js';
import { defineRoute, valid } from '../route.js';

/** Session routes (users-api.md §2). The second step, /api/login/token, lives with two-factor. */
export function registerAuthRoutes(app: OpenAPIHono<AppEnv>): void {
  const cookieAge = (c: { var: AppEnv['Variables'] }) => Math.floor(c.var.deps.config.sessionIdleMs / 1000);

  app.openapi(
    defineRoute({
      method: 'post',
      path: '/api/login/',
      access: 'public',
      tags: ['auth'],
      summary: 'Sign in with email and password; 401 2fa_required when a second factor is needed.',
      body: LoginRequestSchema,
      response: SuccessSchema,
    }),
    async (c) => {
      const caller = c.var.caller;
      const current = caller.kind === 'session' || caller.kind === 'pending' ? caller.session : undefined;
      const outcome = await login(c.var.deps, valid(c, 'json', LoginRequestSchema), c.var.ctx, current);
      if (outcome.issued) setSessionCookies(c, outcome.issued, cookieAge(c));
      if (outcome.kind === '2fa_required') return renderError(c, twoFactorRequiredError());
      return c.json({ success: true as const }, 200);
    },
  );

  app.openapi(
    defineRoute({
      method: 'post',
      path: '/api/logout/',
      access: 'public',
      tags: ['auth'],
      summary: 'End the current session.',
      response: SuccessSchema,
    }),
    (c) => {
      const caller = c.var.caller;
      if (caller.kind === 'session' || caller.kind === 'pending')
        logout(c.var.deps, caller.session, c.var.ctx);
      clearSessionCookies(c);
      return c.json({ success: true as const }, 200);
    },
  );

  app.openapi(
    defineRoute({
      method: 'post',
      path: '/api/signup/',
      access: 'public',
      tags: ['auth'],
      status: 201,
      summary: 'Create an account and sign in. Open only for the first account unless staff allowed it.',
      body: SignupRequestSchema,
      response: UserSchema,
    }),
    async (c) => {
      const deps = c.var.deps;
      if (!signupAllowed(deps)) {
        throw permissionDenied(Messages.signupDisabled, 'signup_disabled');
      }
      const user = await createAccount(deps, valid(c, 'json', SignupRequestSchema), c.var.ctx);
      const caller = c.var.caller;
      if (caller.kind === 'session' || caller.kind === 'pending')
        deps.repos.sessions.delete(caller.session.id);
      const issued = issueSession(deps, user.id, 'active', c.var.ctx);
      setSessionCookies(c, issued, cookieAge(c));
      return c.json(viewUser(deps, user, issued.row), 201);
    },
  );
}
