import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { ApiError } from '../../../shared/errors.js';
import { type PasskeyTokenRequest, PasskeyMessages } from '../../../shared/passkeys.js';
import type { SessionRow } from '../../db/repos/sessions.js';
import type { UserRow } from '../../db/repos/users.js';
import { recordActivity } from '../audit.js';
import type { Deps, RequestContext } from '../deps.js';
import { admitSecondFactorTry, resetSecondFactorFailures } from '../second-factor-guard.js';
import { PASSWORD_STEP_VALID_MS } from '../two-factor-login.js';
import { checkAssertion } from './assertion.js';
import { sessionSlot, storeChallenge, takeChallenge } from './challenges.js';
import { transportsOf } from './credentials.js';
import { hasTotp, passkeysUsableFor2fa } from './factors.js';
import { CHALLENGE_TTL_MS, passkeyError, type RelyingParty } from './relying-party.js';
import { webauthn } from './webauthn.js';

const step = (code: string, detail: string) => new ApiError(400, 'validation_error', code, detail);

/**
 * The user a session may finish the second step for: a `pending_2fa` session within 10 minutes of
 * its password step, or an active one that re-entered its password (a re-login). Otherwise 400
 * `invalid_2fa_session` (`detail` as PostHog words it for that route), or `2fa_expired`.
 */
function secondStepUser(deps: Deps, session: SessionRow | undefined, noSession: string): UserRow {
  const passwordAt = !session
    ? null
    : session.state === 'pending_2fa'
      ? session.authenticated_at
      : session.reauth_password_at;
  if (!session || passwordAt === null) throw step('invalid_2fa_session', noSession);
  if (deps.clock.now() - passwordAt >= PASSWORD_STEP_VALID_MS) {
    throw step('2fa_expired', PasskeyMessages.expired);
  }
  const user = deps.repos.users.byId(session.user_id);
  if (!user) throw step('invalid_2fa_session', noSession);
  return user;
}

/** Route 26, methods: which second factors the half-signed-in user can use. */
export function secondFactorMethods(deps: Deps, session: SessionRow | undefined) {
  const user = secondStepUser(deps, session, PasskeyMessages.noPendingSession);
  return { has_totp: hasTotp(deps, user.id), has_passkeys: passkeysUsableFor2fa(deps, user) };
}

/** Route 26, begin: request options listing the user's verified passkeys. */
export async function beginPasskeySecondFactor(
  deps: Deps,
  rp: RelyingParty,
  session: SessionRow | undefined,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const user = secondStepUser(deps, session, PasskeyMessages.noPendingSession);
  const rows = deps.repos.passkeys.verifiedForUser(user.id);
  if (rows.length === 0) throw passkeyError('no_passkeys', PasskeyMessages.noPasskeys);
  if (user.passkeys_enabled_for_2fa !== 1) {
    throw passkeyError('passkeys_not_enabled', PasskeyMessages.notEnabledFor2fa);
  }
  const { generateAuthenticationOptions } = await webauthn();
  const options = await generateAuthenticationOptions({
    rpID: rp.id,
    allowCredentials: rows.map((row) => ({ id: row.credential_id, transports: transportsOf(row) })),
    userVerification: 'required',
    timeout: CHALLENGE_TTL_MS,
  });
  storeChallenge(deps, sessionSlot('2fa', session!.id), options.challenge, {
    sessionId: session!.id,
    userId: user.id,
  });
  return options;
}

/**
 * Route 27: `POST /api/login/token {credential_id, response}`. The try is counted by the shared
 * second-factor throttle before the challenge is even looked at (security.md 11, 23); the challenge
 * is taken once; the credential must be a verified one of this user.
 */
export async function completePasskeySecondFactor(
  deps: Deps,
  rp: RelyingParty,
  session: SessionRow,
  body: PasskeyTokenRequest,
  ctx: RequestContext,
): Promise<void> {
  const user = secondStepUser(deps, session, PasskeyMessages.invalidSession);
  admitSecondFactorTry(deps, user.id, { kind: 'passkey', via: 'login' }, ctx);
  const pending = takeChallenge(deps, sessionSlot('2fa', session.id));
  if (!pending || pending.user_id !== user.id) throw step('2fa_no_challenge', PasskeyMessages.noChallenge2fa);
  const row = deps.repos.passkeys.byCredentialId(body.credential_id);
  if (!row || row.verified !== 1 || row.user_id !== user.id) {
    recordActivity(
      deps,
      user.id,
      'two_factor_failed',
      { via: 'login', method: 'passkey', reason: 'invalid' },
      ctx,
    );
    throw step('2fa_invalid_passkey', PasskeyMessages.invalidPasskey);
  }
  const assertion = {
    id: body.credential_id,
    rawId: body.credential_id,
    type: 'public-key' as const,
    response: body.response,
    clientExtensionResults: {},
  };
  const outcome = await checkAssertion(deps, rp, row, user, assertion, pending.challenge, ctx);
  if (!outcome.ok) {
    recordActivity(
      deps,
      user.id,
      'two_factor_failed',
      { via: 'login', method: 'passkey', reason: outcome.reason },
      ctx,
    );
    throw step('2fa_passkey_failed', PasskeyMessages.passkeyFailed);
  }
  const now = deps.clock.now();
  const relogin = session.state === 'active';
  deps.db.transaction(() => {
    resetSecondFactorFailures(deps, user.id);
    if (relogin) {
      deps.repos.sessions.reauthenticate(session.id, now);
      deps.repos.sessions.markTwoFactorVerified(session.id, now);
    } else {
      deps.repos.sessions.activate(session.id, now, now);
    }
  })();
  recordActivity(
    deps,
    user.id,
    'two_factor_login',
    { method: 'passkey', session: session.id, device: session.device, ...(relogin ? { relogin: true } : {}) },
    ctx,
  );
}
