import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { Messages, notAuthenticated, permissionDenied } from '../../../shared/errors.js';
import { authRoutes as routes } from '../../../shared/routes/auth.js';
import { createAccount, signupAllowed } from '../../domain/accounts.js';
import { login, logout, twoFactorRequiredError } from '../../domain/auth.js';
import { endSession, issueSession } from '../../domain/sessions.js';
import { completeSecondFactor } from '../../domain/two-factor-login.js';
import { viewUser } from '../../domain/user-view.js';
import { clearSessionCookies, setSessionCookies } from '../cookies.js';
import type { AppEnv } from '../env.js';
import { renderError } from '../errors.js';
import { passkeyTokenForm } from './passkeys.js';
import { honoPath, implement } from '../route.js';

const cookieAge = (c: Context<AppEnv>) => Math.floor(c.get('deps').config.sessionIdleMs / 1000);

/** The browser's current session, full or half-signed-in, if any. */
function currentSession(c: Context<AppEnv>) {
  const caller = c.get('caller');
  return caller.kind === 'session' || caller.kind === 'pending' ? caller.session : undefined;
}

/** Session routes (users-api.md §2), the second login step included. */
export function registerAuthRoutes(app: OpenAPIHono<AppEnv>): void {
  implement(app, routes.login, async (c, { body }) => {
    const outcome = await login(c.get('deps'), body, c.get('ctx'), currentSession(c));
    if (outcome.issued) setSessionCookies(c, outcome.issued, cookieAge(c));
    if (outcome.kind === '2fa_required') return renderError(c, twoFactorRequiredError());
    return { success: true as const };
  });

  // The passkey form {credential_id, response} (users-api.md §6 route 27) branches off first, before
  // the {token} form's body validation.
  app.on('POST', honoPath(routes.loginToken.path), passkeyTokenForm);
  // A caller with no session at all learns nothing more than 401, before the body is validated.
  implement(
    app,
    routes.loginToken,
    async (c, { body }) => {
      const session = currentSession(c);
      if (!session) throw notAuthenticated();
      // A half login that becomes full gets a new session id (security.md 27).
      const issued = await completeSecondFactor(c.get('deps'), session, body.token, c.get('ctx'));
      if (issued) setSessionCookies(c, issued, cookieAge(c));
      return { success: true as const };
    },
    {
      authorize: (c) => {
        if (!currentSession(c)) throw notAuthenticated();
      },
    },
  );

  implement(app, routes.logout, (c) => {
    const session = currentSession(c);
    if (session) logout(c.get('deps'), session, c.get('ctx'));
    clearSessionCookies(c);
    return { success: true as const };
  });

  // Closed signup refuses before the body is validated (authorization before validation).
  implement(
    app,
    routes.signup,
    async (c, { body }) => {
      const deps = c.get('deps');
      const user = await createAccount(deps, body, c.get('ctx'));
      const previous = currentSession(c);
      if (previous) endSession(deps, previous.id);
      const issued = issueSession(deps, user.id, 'active', c.get('ctx'));
      setSessionCookies(c, issued, cookieAge(c));
      return viewUser(deps, user, issued.row);
    },
    {
      authorize: (c) => {
        if (!signupAllowed(c.get('deps'))) throw permissionDenied(Messages.signupDisabled, 'signup_disabled');
      },
    },
  );
}
