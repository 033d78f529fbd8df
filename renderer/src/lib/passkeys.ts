import type { ClientOutput } from '../../../shared/route-contract.js';
import type { RouteTable } from '../../../shared/routes/index.js';
import { call } from '../api/client.js';

/**
 * The browser half of passkeys (users-api.md §6). @simplewebauthn/browser is imported lazily so the
 * sign-in page does not carry it until someone actually uses a passkey.
 */

type RequestOptionsJSON = ClientOutput<RouteTable['POST /api/webauthn/login/begin/']>;
type CreationOptionsJSON = ClientOutput<RouteTable['POST /api/webauthn/register/begin/']>;

/** WebAuthn's RP ID is `localhost`; a page opened at 127.0.0.1 cannot use passkeys. */
export function passkeysWorkHere(): boolean {
  return window.location.hostname === 'localhost';
}

/** The same page on http://localhost:<port>, where passkeys work. */
export function localhostUrl(): string {
  const { port, pathname, search } = window.location;
  return `http://localhost${port ? `:${port}` : ''}${pathname}${search}`;
}

/**
 * True when the person closed or refused the browser's passkey prompt (or it timed out): that is
 * not an error to show, the window just returns to its idle state.
 */
export function isPasskeyCancel(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const cause = (error as { cause?: unknown }).cause;
  const names = [error.name, cause instanceof Error ? cause.name : ''];
  return (
    names.includes('NotAllowedError') ||
    names.includes('AbortError') ||
    (error as { code?: string }).code === 'ERROR_CEREMONY_ABORTED'
  );
}

async function browserLib() {
  return import('@simplewebauthn/browser');
}

/** Runs the browser prompt for an assertion with options from any *begin route. */
export async function assert(optionsJSON: RequestOptionsJSON) {
  const { startAuthentication } = await browserLib();
  // The server's schema keeps the JSON shape loose (strings for enums); the library checks it.
  return startAuthentication({ optionsJSON: optionsJSON as never });
}

/** Adds a passkey: begin, browser prompt, complete. Returns the new credential's id. */
export async function registerPasskey(label: string): Promise<string> {
  const options: CreationOptionsJSON = await call('POST /api/webauthn/register/begin/', {});
  const { startRegistration } = await browserLib();
  const credential = await startRegistration({ optionsJSON: options as never });
  const done = await call('POST /api/webauthn/register/complete/', {
    body: { ...credential, label } as never,
  });
  return done.credential_id;
}

/** The verify step after registration: proves the new passkey signs before it counts. */
export async function verifyPasskey(id: string) {
  const options = await call('POST /api/webauthn/credentials/{id}/verify/', { params: { id } });
  const assertion = await assert(options);
  return call('POST /api/webauthn/credentials/{id}/verify_complete/', {
    params: { id },
    body: assertion as never,
  });
}

/** "Sign in with a passkey": a discoverable credential, no email needed. */
export async function signInWithPasskey() {
  const options = await call('POST /api/webauthn/login/begin/', {});
  const assertion = await assert(options);
  return call('POST /api/webauthn/login/complete/', { body: assertion as never });
}

/**
 * The second step (or "Confirm it's you") with a passkey: route 27 is the passkey form of
 * POST /api/login/token/, one of the bodies its contract declares.
 */
export async function secondFactorWithPasskey() {
  const options = await call('POST /api/login/2fa/passkey/begin/', {});
  const assertion = await assert(options);
  return call('POST /api/login/token/', {
    body: { credential_id: assertion.id, response: assertion.response },
  });
}
