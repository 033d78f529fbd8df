import { randomUUID } from 'node:crypto';
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { type PasskeyRegisterCompleteRequest, PasskeyMessages } from '../../../shared/passkeys.js';
import type { SessionRow } from '../../db/repos/sessions.js';
import type { UserRow } from '../../db/repos/users.js';
import { recordActivity } from '../audit.js';
import type { Deps, RequestContext } from '../deps.js';
import { sessionSlot, storeChallenge, takeChallenge } from './challenges.js';
import { authenticatorTypeOf } from './credentials.js';
import { passkeyNotices } from './notices.js';
import {
  CHALLENGE_TTL_MS,
  passkeyError,
  type RelyingParty,
  SUPPORTED_ALGORITHMS,
  userHandleOf,
} from './relying-party.js';
import { webauthn } from './webauthn.js';

/** Route 20: creation options for a discoverable, user-verified credential. */
export async function beginRegistration(
  deps: Deps,
  rp: RelyingParty,
  user: UserRow,
  session: SessionRow,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const fullName = `${user.first_name} ${user.last_name}`.trim();
  const { generateRegistrationOptions } = await webauthn();
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userID: userHandleOf(user.uuid) as Uint8Array<ArrayBuffer>,
    userName: user.email,
    userDisplayName: fullName || user.email,
    timeout: CHALLENGE_TTL_MS,
    attestationType: 'none',
    excludeCredentials: deps.repos.passkeys
      .verifiedForUser(user.id)
      .map((row) => ({ id: row.credential_id, transports: JSON.parse(row.transports) as string[] })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
  });
  storeChallenge(deps, sessionSlot('register', session.id), options.challenge, {
    sessionId: session.id,
    userId: user.id,
  });
  return options;
}

const registrationFailed = () => passkeyError('registration_failed', PasskeyMessages.registrationFailed);

/**
 * Route 21: verifies the attestation (challenge, origin, RP ID, user verification, algorithm) and
 * stores the credential unverified; it becomes usable after route 22.
 */
export async function completeRegistration(
  deps: Deps,
  rp: RelyingParty,
  user: UserRow,
  session: SessionRow,
  body: PasskeyRegisterCompleteRequest,
  ctx: RequestContext,
): Promise<{ success: true; credential_id: string; message: string }> {
  // Taken before anything awaits: a second request with the same challenge finds nothing.
  const pending = takeChallenge(deps, sessionSlot('register', session.id));
  if (!pending || pending.user_id !== user.id) {
    throw passkeyError('no_challenge', PasskeyMessages.registrationChallenge);
  }
  const { label, ...response } = body;
  const { verifyRegistrationResponse, decodeCredentialPublicKey } = await webauthn();
  let info;
  try {
    const result = await verifyRegistrationResponse({
      response,
      expectedChallenge: pending.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
      supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
    });
    if (!result.verified) throw registrationFailed();
    info = result.registrationInfo;
  } catch {
    throw registrationFailed();
  }
  const credentialId = info.credential.id;
  if (deps.repos.passkeys.byCredentialId(credentialId)) throw registrationFailed();
  const algorithm = decodeCredentialPublicKey(info.credential.publicKey).get(3);
  const transports = (body.response.transports ?? []).filter((t) => typeof t === 'string');
  const id = randomUUID();
  const finalLabel = label ?? 'Passkey';
  const authenticatorType = authenticatorTypeOf(transports);
  deps.repos.passkeys.insert({
    id,
    user_id: user.id,
    credential_id: credentialId,
    public_key: Buffer.from(info.credential.publicKey),
    algorithm: Number(algorithm),
    counter: info.credential.counter,
    transports: JSON.stringify(transports),
    label: finalLabel,
    verified: 0,
    authenticator_type: authenticatorType,
    created_at: deps.clock.now(),
    last_used_at: null,
  });
  recordActivity(
    deps,
    user.id,
    'passkey_added',
    { label: finalLabel, authenticator_type: authenticatorType },
    ctx,
  );
  passkeyNotices.added(deps, user, finalLabel);
  return { success: true, credential_id: id, message: PasskeyMessages.stored };
}
