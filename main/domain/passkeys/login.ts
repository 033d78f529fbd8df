import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { type PasskeyAssertion, PasskeyMessages } from '../../../shared/passkeys.js';
import type { SessionRow } from '../../db/repos/sessions.js';
import { recordActivity } from '../audit.js';
import { loginThrottleKey, LOGIN_FAILURE_LIMIT, LOGIN_WINDOW_MS } from '../auth.js';
import type { Deps, RequestContext } from '../deps.js';
import { type IssuedSession, issueSession } from '../sessions.js';
import { admit, reset } from '../throttle.js';
import { checkAssertion } from './assertion.js';
import { cookieSlot, storeChallenge, takeChallenge } from './challenges.js';
import { transportsOf } from './credentials.js';
import { CHALLENGE_TTL_MS, passkeyError, type RelyingParty, uuidOfHandle } from './relying-party.js';
import { webauthn } from './webauthn.js';

const loginFailed = () => passkeyError('passkey_login_failed', PasskeyMessages.loginFailed);

/** Route 24, begin: options for a discoverable credential, bound to the caller's login cookie. */
export async function beginPasskeyLogin(
  deps: Deps,
  rp: RelyingParty,
  cookie: string,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { generateAuthenticationOptions } = await webauthn();
  const options = await generateAuthenticationOptions({
    rpID: rp.id,
    allowCredentials: [],
    userVerification: 'required',
    timeout: CHALLENGE_TTL_MS,
  });
  storeChallenge(deps, cookieSlot(cookie), options.challenge);
  return options;
}

/**
 * Route 24, complete. The credential is found by its id (verified ones only); the `userHandle` the
 * client sends is untrusted and must name that credential's owner. The owner's account throttle —
 * the same counter as password login (security.md 12) — is checked and charged before anything
 * awaits (security.md 23), so a parallel burst cannot outrun it; a success clears it. A
 * user-verified passkey is two factors: the session is fully signed in. Signed in already as that
 * user, it is a re-login ("confirm it's you", security.md 13): the session's sensitive window
 * restarts and no new session is issued.
 */
export async function completePasskeyLogin(
  deps: Deps,
  rp: RelyingParty,
  cookie: string | undefined,
  assertion: PasskeyAssertion,
  ctx: RequestContext,
  current: SessionRow | undefined,
): Promise<{ userId: number; issued: IssuedSession | null }> {
  const pending = cookie ? takeChallenge(deps, cookieSlot(cookie)) : undefined;
  if (!pending) throw passkeyError('no_challenge', PasskeyMessages.loginChallenge);
  if (!assertion.response.userHandle) {
    throw passkeyError(
      'passkey_login_failed',
      "No userHandle in response. Make sure you're using a discoverable credential.",
    );
  }
  const row = assertion.id === assertion.rawId ? deps.repos.passkeys.byCredentialId(assertion.id) : undefined;
  const owner = row && row.verified === 1 ? deps.repos.users.byId(row.user_id) : undefined;
  if (!row || !owner || owner.is_active !== 1) throw loginFailed();

  const key = loginThrottleKey(owner.email);
  // Checked and counted in one step; one login_throttled event per window (security.md 23, 25).
  const refusal = admit(deps, key, LOGIN_FAILURE_LIMIT, LOGIN_WINDOW_MS);
  if (refusal) {
    if (refusal.first) recordActivity(deps, owner.id, 'login_throttled', { method: 'passkey' }, ctx);
    throw refusal.error;
  }
  if (uuidOfHandle(assertion.response.userHandle) !== owner.uuid) {
    recordActivity(deps, owner.id, 'login_failed', { reason: 'passkey_user_handle' }, ctx);
    throw loginFailed();
  }
  const outcome = await checkAssertion(deps, rp, row, owner, assertion, pending.challenge, ctx);
  if (!outcome.ok) {
    recordActivity(deps, owner.id, 'login_failed', { reason: `passkey_${outcome.reason}` }, ctx);
    throw loginFailed();
  }
  reset(deps, key);
  const now = deps.clock.now();
  if (current && current.user_id === owner.id && current.state === 'active') {
    deps.repos.sessions.reauthenticate(current.id, now);
    deps.repos.sessions.markTwoFactorVerified(current.id, now);
    recordActivity(deps, owner.id, 'relogin', { method: 'passkey' }, ctx);
    return { userId: owner.id, issued: null };
  }
  if (current) deps.repos.sessions.delete(current.id);
  const issued = issueSession(deps, owner.id, 'active', ctx);
  deps.repos.sessions.markTwoFactorVerified(issued.row.id, now);
  recordActivity(
    deps,
    owner.id,
    'login',
    { method: 'passkey', session: issued.row.id, device: issued.row.device },
    ctx,
  );
  return { userId: owner.id, issued };
}

/** Route 25: the verified credentials of an active account, `[]` for anyone else. */
export function precheck(deps: Pick<Deps, 'repos'>, email: string) {
  const user = deps.repos.users.byEmail(email.trim());
  if (!user || user.is_active !== 1) return { webauthn_credentials: [] };
  return {
    webauthn_credentials: deps.repos.passkeys.verifiedForUser(user.id).map((row) => ({
      id: row.credential_id,
      type: 'public-key' as const,
      transports: transportsOf(row),
    })),
  };
}
