import type * as Server from '@simplewebauthn/server';
import type * as Helpers from '@simplewebauthn/server/helpers';

type WebAuthn = typeof Server & Pick<typeof Helpers, 'decodeCredentialPublicKey'>;
let loading: Promise<WebAuthn> | undefined;

/**
 * @simplewebauthn/server, loaded by the first passkey ceremony's begin step rather than at start-up:
 * it and its ASN.1/X.509 stack are ~22 MB of RSS and ~0.3 s of module loading (measured on these
 * machines) that every start, and a server whose users never use a passkey, would otherwise pay.
 * The begin step comes before the person touches the authenticator, so nobody waits on it.
 */
export function webauthn(): Promise<WebAuthn> {
  loading ??= Promise.all([import('@simplewebauthn/server'), import('@simplewebauthn/server/helpers')]).then(
    ([server, helpers]) => ({ ...server, decodeCredentialPublicKey: helpers.decodeCredentialPublicKey }),
  );
  return loading;
}
