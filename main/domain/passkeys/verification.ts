import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { type PasskeyAssertion, type PasskeyCredential, PasskeyMessages } from '../../../shared/passkeys.js';
import type { SessionRow } from '../../db/repos/sessions.js';
import type { UserRow } from '../../db/repos/users.js';
import { recordActivity } from '../audit.js';
import type { Deps, RequestContext } from '../deps.js';
import { checkAssertion } from './assertion.js';
import { sessionSlot, storeChallenge, takeChallenge } from './challenges.js';
import { ownPasskey, transportsOf, viewPasskey } from './credentials.js';
import { CHALLENGE_TTL_MS, passkeyError, type RelyingParty } from './relying-party.js';
import { webauthn } from './webauthn.js';

const alreadyVerified = () => passkeyError('already_verified', PasskeyMessages.alreadyVerified);
const verificationFailed = () => passkeyError('verification_failed', PasskeyMessages.verificationFailed);

/** Route 22, first half: request options for one unverified credential of the caller. */
export async function beginVerification(
  deps: Deps,
  rp: RelyingParty,
  user: UserRow,
  session: SessionRow,
  id: string,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const row = ownPasskey(deps, user, id);
  if (row.verified === 1) throw alreadyVerified();
  const { generateAuthenticationOptions } = await webauthn();
  const options = await generateAuthenticationOptions({
    rpID: rp.id,
    allowCredentials: [{ id: row.credential_id, transports: transportsOf(row) }],
    userVerification: 'required',
    timeout: CHALLENGE_TTL_MS,
  });
  storeChallenge(deps, sessionSlot('verify', session.id), options.challenge, {
    sessionId: session.id,
    userId: user.id,
    credential: row.id,
  });
  return options;
}

/**
 * Route 22, second half: the assertion proves the user holds the new credential (with user
 * verification) → verified. The first verified passkey signs out the user's other sessions, as
 * PostHog does: whoever else was signed in did not see this factor being added.
 */
export async function completeVerification(
  deps: Deps,
  rp: RelyingParty,
  user: UserRow,
  session: SessionRow,
  id: string,
  assertion: PasskeyAssertion,
  ctx: RequestContext,
): Promise<PasskeyCredential> {
  const pending = takeChallenge(deps, sessionSlot('verify', session.id));
  if (!pending || pending.user_id !== user.id) {
    throw passkeyError('no_challenge', PasskeyMessages.verificationChallenge);
  }
  if (pending.credential !== id) throw passkeyError('credential_mismatch', 'Credential ID mismatch.');
  const row = ownPasskey(deps, user, id);
  if (row.verified === 1) throw alreadyVerified();
  if (assertion.id !== row.credential_id || assertion.rawId !== row.credential_id) throw verificationFailed();
  const outcome = await checkAssertion(deps, rp, row, user, assertion, pending.challenge, ctx);
  if (!outcome.ok) throw verificationFailed();
  const now = deps.clock.now();
  const revoked = deps.db.transaction(() => {
    const first = deps.repos.passkeys.countVerified(user.id) === 0;
    if (
      deps.repos.passkeys.markVerified(
        row.id,
        deps.repos.passkeys.byIdForUser(row.id, user.id)!.counter,
        now,
      ) === 0
    ) {
      throw alreadyVerified();
    }
    return first ? deps.repos.sessions.deleteOthers(user.id, session.id) : 0;
  })();
  recordActivity(deps, user.id, 'passkey_verified', { label: row.label, sessions_revoked: revoked }, ctx);
  return viewPasskey(deps.repos.passkeys.byIdForUser(row.id, user.id)!);
}
