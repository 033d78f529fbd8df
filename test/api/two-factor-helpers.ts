/** Shared steps of the two-factor API tests: enrol a user, sign in to the second step. */
import assert from 'node:assert/strict';
import { totpAt } from '../../main/domain/totp.js';
import { logIn, STRONG_PASSWORD } from '../helpers/accounts.js';
import type { HttpClient } from '../helpers/http-client.js';
import type { TestServer } from '../helpers/server.js';

export const STEP_MS = 30_000;

export const TOKEN_INVALID = {
  type: 'validation_error',
  code: 'token_invalid',
  detail: 'Token is not valid',
  attr: null,
};

/** A code that is not the current one (nor one step either side) for `secret` at `nowMs`. */
export async function wrongCode(secret: string, nowMs: number): Promise<string> {
  const near = new Set(
    await Promise.all([-1, 0, 1].map((k) => totpAt(secret, Math.max(0, nowMs + k * STEP_MS)))),
  );
  for (let n = 0; ; n++) {
    const candidate = String(n * 7919)
      .padStart(6, '0')
      .slice(-6);
    if (!near.has(candidate)) return candidate;
  }
}

/** Enrols the signed-in user of `client`; returns the secret. */
export async function enrol(server: TestServer, client: HttpClient): Promise<string> {
  const start = await client.get('/api/users/@me/two_factor_start_setup/');
  assert.equal(start.status, 200, start.text);
  const secret = start.body.secret as string;
  const res = await client.post('/api/users/@me/two_factor_validate/', {
    token: await totpAt(secret, server.clock.now()),
  });
  assert.equal(res.status, 200, res.text);
  return secret;
}

/** A new client whose password step is done: the server answered 401 2fa_required. */
export async function pendingClient(server: TestServer, email: string, password = STRONG_PASSWORD) {
  const client = server.client();
  const res = await logIn(client, email, password);
  assert.equal(res.status, 401, res.text);
  assert.equal(res.body.code, '2fa_required');
  return client;
}
