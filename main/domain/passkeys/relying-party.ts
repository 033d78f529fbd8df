import { ApiError } from '../../../shared/errors.js';

/**
 * Who passkeys are bound to (users-api.md §6). WebAuthn refuses IP addresses as RP IDs, so the RP ID
 * is `localhost` and the only accepted origin is `http://localhost:<the server's port>` — a page on
 * `127.0.0.1` (or any other origin) cannot use a Userdesk passkey.
 */
export interface RelyingParty {
  id: string;
  name: string;
  origin: string;
}

export const relyingPartyFor = (port: number): RelyingParty => ({
  id: 'localhost',
  name: 'Userdesk',
  origin: `http://localhost:${port}`,
});

/** ES256, EdDSA, ES512 as PostHog, and RS256 for Windows Hello (PostHog lacks it). */
export const SUPPORTED_ALGORITHMS = [-7, -8, -36, -257];

/** Challenges live this long server-side; the browser is told the same. */
export const CHALLENGE_TTL_MS = 5 * 60 * 1000;

/** A 400 in the contract's shape (routes 20–26 add PostHog's `error` key when rendered). */
export const passkeyError = (code: string, detail: string, status = 400) =>
  new ApiError(status, status === 404 ? 'invalid_request' : 'validation_error', code, detail);

/** The 16 bytes of a user's uuid: the WebAuthn user handle (PostHog's `user.uuid.bytes`). */
export const userHandleOf = (uuid: string): Uint8Array => Buffer.from(uuid.replace(/-/g, ''), 'hex');

/** The uuid a (base64url) user handle names, or null when it is not 16 bytes. */
export function uuidOfHandle(handle: string): string | null {
  const bytes = Buffer.from(handle, 'base64url');
  if (bytes.length !== 16) return null;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
