import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { notAuthenticated } from '../../../shared/errors.js';
import { PasskeyTokenRequestSchema } from '../../../shared/passkeys.js';
import { passkeyRoutes as routes } from '../../../shared/routes/passkeys.js';
import { deletePasskey, listPasskeys, renamePasskey } from '../../domain/passkeys/credentials.js';
import { beginPasskeyLogin, completePasskeyLogin, precheck } from '../../domain/passkeys/login.js';
import { beginRegistration, completeRegistration } from '../../domain/passkeys/registration.js';
import { CHALLENGE_TTL_MS } from '../../domain/passkeys/relying-party.js';
import {
  beginPasskeySecondFactor,
  completePasskeySecondFactor,
  secondFactorMethods,
} from '../../domain/passkeys/second-factor.js';
import { beginVerification, completeVerification } from '../../domain/passkeys/verification.js';
import { randomBase62 } from '../../domain/tokens.js';
import { consume } from '../../domain/throttle.js';
import { sessionCallerOf } from '../access.js';
import { setSessionCookies } from '../cookies.js';
import type { AppEnv } from '../env.js';
import { implement } from '../route.js';
import { parseOrThrow } from '../validation.js';

/** Binds the anonymous sign-in ceremony to this browser (there is no session yet to bind it to). */
const LOGIN_COOKIE = 'webauthn_login';
const LOGIN_COOKIE_PATH = '/api/webauthn/login';

/** A session or half-signed-in session of the caller, if any. */
function anySession(c: Context<AppEnv>) {
  const caller = c.get('caller');
  return caller.kind === 'session' || caller.kind === 'pending' ? caller.session : undefined;
}

/** Routes 20–26 (users-api.md §6); the domain does the work (main/domain/passkeys/). */
export function registerPasskeyRoutes(app: OpenAPIHono<AppEnv>): void {
  implement(app, routes.passkeyRegisterBegin, (c) => {
    const { user, session } = sessionCallerOf(c);
    return beginRegistration(c.get('deps'), c.get('relyingParty'), user, session);
  });

  implement(app, routes.passkeyRegisterComplete, (c, { body }) => {
    const { user, session } = sessionCallerOf(c);
    return completeRegistration(c.get('deps'), c.get('relyingParty'), user, session, body, c.get('ctx'));
  });

  implement(app, routes.passkeyVerifyBegin, (c, { params }) => {
    const { user, session } = sessionCallerOf(c);
    return beginVerification(c.get('deps'), c.get('relyingParty'), user, session, params.id);
  });

  implement(app, routes.passkeyVerifyComplete, (c, { params, body }) => {
    const { user, session } = sessionCallerOf(c);
    const rp = c.get('relyingParty');
    return completeVerification(c.get('deps'), rp, user, session, params.id, body, c.get('ctx'));
  });

  implement(app, routes.passkeyList, (c) => listPasskeys(c.get('deps'), sessionCallerOf(c).user));

  implement(app, routes.passkeyRename, (c, { params, body }) =>
    renamePasskey(c.get('deps'), sessionCallerOf(c).user, params.id, body.label, c.get('ctx')),
  );

  implement(app, routes.passkeyDelete, (c, { params }) => {
    deletePasskey(c.get('deps'), sessionCallerOf(c).user, params.id, c.get('ctx'));
  });

  implement(app, routes.passkeyLoginBegin, (c) => {
    const deps = c.get('deps');
    const cookie = randomBase62(deps.random, 43);
    setCookie(c, LOGIN_COOKIE, cookie, {
      httpOnly: true,
      sameSite: 'Strict',
      path: LOGIN_COOKIE_PATH,
      maxAge: CHALLENGE_TTL_MS / 1000,
    });
    return beginPasskeyLogin(deps, c.get('relyingParty'), cookie);
  });

  implement(app, routes.passkeyLoginComplete, async (c, { body }) => {
    const deps = c.get('deps');
    const cookie = getCookie(c, LOGIN_COOKIE);
    deleteCookie(c, LOGIN_COOKIE, { path: LOGIN_COOKIE_PATH });
    const outcome = await completePasskeyLogin(
      deps,
      c.get('relyingParty'),
      cookie,
      body,
      c.get('ctx'),
      anySession(c),
    );
    if (outcome.issued) setSessionCookies(c, outcome.issued, Math.floor(deps.config.sessionIdleMs / 1000));
    return { success: true as const };
  });

  implement(app, routes.loginPrecheck, (c, { body }) => {
    const deps = c.get('deps');
    // It tells which accounts have passkeys, as PostHog's does; 20 a minute per address bounds harvesting.
    consume(deps, `precheck:${c.get('ctx').ip}`, 20, 60_000);
    return precheck(deps, body.email);
  });

  implement(app, routes.passkeyTwoFactorMethods, (c) => secondFactorMethods(c.get('deps'), anySession(c)));

  implement(app, routes.passkeyTwoFactorBegin, (c) =>
    beginPasskeySecondFactor(c.get('deps'), c.get('relyingParty'), anySession(c)),
  );
}

/**
 * Route 27: the passkey form `{credential_id, response}` of POST /api/login/token, taken before the
 * `{token}` form's validation (as PostHog dispatches: both keys → passkey). Mounted by auth.ts.
 */
export const passkeyTokenForm: MiddlewareHandler<AppEnv> = async (c, next) => {
  const body = c.get('body');
  if (!body || typeof body !== 'object' || !('credential_id' in body) || !('response' in body)) {
    return next();
  }
  const caller = c.get('caller');
  if (caller.kind !== 'pending' && caller.kind !== 'session') throw notAuthenticated();
  const input = parseOrThrow(PasskeyTokenRequestSchema, body);
  await completePasskeySecondFactor(
    c.get('deps'),
    c.get('relyingParty'),
    caller.session,
    input,
    c.get('ctx'),
  );
  return c.json({ success: true as const }, 200);
};
