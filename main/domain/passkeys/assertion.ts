import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { PasskeyRow } from '../../db/repos/passkeys.js';
import type { UserRow } from '../../db/repos/users.js';
import { recordActivity } from '../audit.js';
import type { Deps, RequestContext } from '../deps.js';
import { transportsOf } from './credentials.js';
import { passkeyNotices } from './notices.js';
import type { RelyingParty } from './relying-party.js';
import { webauthn } from './webauthn.js';

export type AssertionOutcome = { ok: true } | { ok: false; reason: 'invalid' | 'counter' };

/**
 * Checks an assertion against a stored credential: challenge, origin, RP ID, user presence and
 * verification, signature — then the sign counter, which Userdesk checks itself *after* the
 * signature (the library checks it before, so a forged assertion could pass for a clone and
 * trigger the notice). A non-zero counter that does not increase is refused, logged and notified.
 * On success the new counter and the time of use are stored (the update only moves forward, so of
 * two racing assertions carrying the same counter only one is accepted).
 */
export async function checkAssertion(
  deps: Deps,
  rp: RelyingParty,
  row: PasskeyRow,
  owner: UserRow,
  response: AuthenticationResponseJSON,
  expectedChallenge: string,
  ctx: RequestContext,
): Promise<AssertionOutcome> {
  const { verifyAuthenticationResponse } = await webauthn();
  let newCounter: number;
  try {
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
      credential: {
        id: row.credential_id,
        publicKey: new Uint8Array(row.public_key),
        counter: 0,
        transports: transportsOf(row),
      },
    });
    if (!result.verified) return { ok: false, reason: 'invalid' };
    newCounter = result.authenticationInfo.newCounter;
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  const regressed = (newCounter > 0 || row.counter > 0) && newCounter <= row.counter;
  if (regressed || deps.repos.passkeys.recordUse(row.id, newCounter, deps.clock.now()) === 0) {
    deps.log(
      `passkeys: refused a sign counter that did not increase (possible cloned authenticator) for user ${owner.uuid}`,
    );
    recordActivity(deps, owner.id, 'passkey_counter_regression', { label: row.label }, ctx);
    passkeyNotices.counterRegression(deps, owner, row.label);
    return { ok: false, reason: 'counter' };
  }
  return { ok: true };
}
