/** Shared steps of the passkey API tests (users-api.md §6). */
import assert from 'node:assert/strict';
import type { HttpClient, HttpResponse } from '../helpers/http-client.js';
import type { TestServer } from '../helpers/server.js';
import { type SoftAlgorithm, SoftAuthenticator, type Tweaks } from '../helpers/soft-authenticator.js';

/** The one origin passkeys accept: the `localhost` URL of the server's port. */
export const originOf = (server: TestServer) => `http://localhost:${server.port}`;

export const authenticatorFor = (
  server: TestServer,
  algorithm: SoftAlgorithm = 'ES256',
  transports?: string[],
) => new SoftAuthenticator(originOf(server), algorithm, transports);

/** Routes 20–21: a stored, unverified passkey; returns its id and the registration answer. */
export async function registerPasskey(
  client: HttpClient,
  auth: SoftAuthenticator,
  options: { label?: string; tweaks?: Tweaks } = {},
): Promise<{ id: string; res: HttpResponse }> {
  const begin = await client.post('/api/webauthn/register/begin/');
  assert.equal(begin.status, 200, begin.text);
  const { response } = auth.register(begin.body, options.tweaks);
  const res = await client.post('/api/webauthn/register/complete/', {
    ...response,
    ...(options.label !== undefined ? { label: options.label } : {}),
  });
  return { id: res.body?.credential_id, res };
}

/** Route 22: verifies a stored passkey with the authenticator; returns the answer. */
export async function verifyPasskey(
  client: HttpClient,
  auth: SoftAuthenticator,
  id: string,
  tweaks?: Tweaks,
) {
  const begin = await client.post(`/api/webauthn/credentials/${id}/verify/`);
  assert.equal(begin.status, 200, begin.text);
  return client.post(`/api/webauthn/credentials/${id}/verify_complete/`, auth.assert(begin.body, tweaks));
}

/** Registers and verifies a passkey; returns its id. */
export async function addPasskey(
  client: HttpClient,
  auth: SoftAuthenticator,
  label?: string,
): Promise<string> {
  const { id, res } = await registerPasskey(client, auth, { label });
  assert.equal(res.status, 200, res.text);
  const verified = await verifyPasskey(client, auth, id);
  assert.equal(verified.status, 200, verified.text);
  return id;
}

/** Route 24: passwordless sign-in from `client` with the authenticator. */
export async function passkeyLogin(client: HttpClient, auth: SoftAuthenticator, tweaks?: Tweaks) {
  const begin = await client.post('/api/webauthn/login/begin/');
  assert.equal(begin.status, 200, begin.text);
  return client.post('/api/webauthn/login/complete/', auth.assert(begin.body, tweaks));
}

/** The contract's error body plus PostHog's `error` key (routes 20–26). */
export function passkeyErr(status: number, code: string, detail: string, type?: string) {
  return {
    status,
    body: {
      type: type ?? (status === 404 ? 'invalid_request' : 'validation_error'),
      code,
      detail,
      attr: null,
      error: detail,
    },
  };
}

export function assertPasskeyError(res: HttpResponse, expected: ReturnType<typeof passkeyErr>): void {
  assert.equal(res.status, expected.status, res.text);
  assert.deepEqual(res.body, expected.body);
}
