import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Messages } from '../../shared/errors.js';
import { PasskeyMessages } from '../../shared/passkeys.js';
import { logIn } from '../helpers/accounts.js';
import type { HttpClient } from '../helpers/http-client.js';
import type { TestServer } from '../helpers/server.js';
import type { SoftAuthenticator, Tweaks } from '../helpers/soft-authenticator.js';
import {
  addPasskey,
  assertPasskeyError,
  authenticatorFor,
  passkeyErr,
  registerPasskey,
} from './passkeys-helpers.js';
import { type Account, assertError, member, serverWithStaff, validation } from './support.js';
import { enrol } from './two-factor-helpers.js';

/**
 * users-api.md §6: passkeys as the second factor — the flag (sensitive, `no_passkeys`, revokes
 * other sessions), `is_2fa_enabled`, `/api/login`'s 2fa_required, two-factor status, route 26
 * (`methods`, `begin`) and route 27 (the `{credential_id, response}` form of /api/login/token).
 */
let server: TestServer;

before(async () => {
  ({ server } = await serverWithStaff());
});
after(async () => {
  await server.stop();
});

const twoFactorRequired = {
  type: 'authentication_error',
  code: '2fa_required',
  detail: Messages.twoFactorRequired,
};
const stepError = (code: string, detail: string) => ({ type: 'validation_error', code, detail });

async function userWith2faPasskey(): Promise<{ user: Account; auth: SoftAuthenticator }> {
  const user = await member(server);
  const auth = authenticatorFor(server);
  await addPasskey(user.client, auth);
  const res = await user.client.patch('/api/users/@me/', { passkeys_enabled_for_2fa: true });
  assert.equal(res.status, 200, res.text);
  return { user, auth };
}

/** Signs in with the password: answers 2fa_required, leaving `browser` half signed in. */
async function passwordStep(browser: HttpClient, email: string) {
  assertError(await logIn(browser, email), 401, twoFactorRequired);
}

async function passkeyStep(browser: HttpClient, auth: SoftAuthenticator, tweaks?: Tweaks) {
  const begin = await browser.post('/api/login/2fa/passkey/begin/');
  assert.equal(begin.status, 200, begin.text);
  const assertion = auth.assert(begin.body, tweaks);
  return browser.post('/api/login/token', { credential_id: assertion.id, response: assertion.response });
}

describe('passkeys_enabled_for_2fa', () => {
  test('refused without a verified passkey (400 no_passkeys), an unverified one included', async () => {
    const user = await member(server);
    const noPasskeys = validation('no_passkeys', Messages.noPasskeys, 'passkeys_enabled_for_2fa');
    assertError(
      await user.client.patch('/api/users/@me/', { passkeys_enabled_for_2fa: true }),
      400,
      noPasskeys,
    );
    await registerPasskey(user.client, authenticatorFor(server));
    assertError(
      await user.client.patch('/api/users/@me/', { passkeys_enabled_for_2fa: true }),
      400,
      noPasskeys,
    );
  });

  test('turning it on revokes other sessions and makes is_2fa_enabled true; status reports it', async () => {
    const user = await member(server);
    await addPasskey(user.client, authenticatorFor(server));
    const elsewhere = server.client();
    assert.equal((await logIn(elsewhere, user.email)).status, 200);
    const before = await user.client.get('/api/users/@me/two_factor_status/');
    assert.deepEqual(before.body, {
      is_enabled: false,
      method: null,
      has_totp: false,
      has_passkeys: true,
      passkeys_enabled_for_2fa: false,
      backup_codes_remaining: 0,
    });
    const res = await user.client.patch('/api/users/@me/', { passkeys_enabled_for_2fa: true });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.is_2fa_enabled, true);
    assert.equal(res.body.passkeys_enabled_for_2fa, true);
    assert.equal((await elsewhere.get('/api/users/@me/')).status, 401, 'other session revoked');
    assert.equal((await user.client.get('/api/users/@me/')).status, 200, 'this one kept');
    const status = await user.client.get('/api/users/@me/two_factor_status/');
    assert.deepEqual(status.body, {
      ...before.body,
      is_enabled: true,
      method: 'passkey',
      passkeys_enabled_for_2fa: true,
    });
  });

  test('a passkey kept for sign-in only (flag off) does not ask for a second step', async () => {
    const user = await member(server);
    await addPasskey(user.client, authenticatorFor(server));
    assert.equal((await logIn(server.client(), user.email)).status, 200);
  });

  test('the flag is sensitive: an old login must re-confirm first', async () => {
    const user = await member(server);
    await addPasskey(user.client, authenticatorFor(server));
    server.clock.advance(3 * 60 * 60 * 1000);
    const res = await user.client.patch('/api/users/@me/', { passkeys_enabled_for_2fa: true });
    assert.equal(res.body.code, 'sensitive_action_required_reauth');
  });
});

describe('the second step with a passkey (routes 26–27)', () => {
  test('2fa_required → methods → begin → /api/login/token {credential_id, response} → signed in', async () => {
    const { user, auth } = await userWith2faPasskey();
    const browser = server.client();
    await passwordStep(browser, user.email);
    const methods = await browser.get('/api/login/2fa/passkey/methods/');
    assert.deepEqual([methods.status, methods.body], [200, { has_totp: false, has_passkeys: true }]);
    const begin = await browser.post('/api/login/2fa/passkey/begin/');
    assert.equal(begin.status, 200, begin.text);
    assert.deepEqual(
      begin.body.allowCredentials.map((c: { id: string }) => c.id),
      [auth.credentials[0].id.toString('base64url')],
    );
    assert.equal(begin.body.userVerification, 'required');
    const assertion = auth.assert(begin.body);
    const res = await browser.post('/api/login/token', {
      credential_id: assertion.id,
      response: assertion.response,
    });
    assert.deepEqual([res.status, res.body], [200, { success: true }], res.text);
    assert.equal((await browser.get('/api/users/@me/')).body.uuid, user.uuid);
  });

  test('with TOTP too: methods reports both, and either completes the step', async () => {
    const { user, auth } = await userWith2faPasskey();
    await enrol(server, user.client);
    const browser = server.client();
    await passwordStep(browser, user.email);
    assert.deepEqual((await browser.get('/api/login/2fa/passkey/methods/')).body, {
      has_totp: true,
      has_passkeys: true,
    });
    assert.equal((await passkeyStep(browser, auth)).status, 200);
  });

  test('errors: no challenge, another user’s passkey, a failed check, no pending session, expired', async () => {
    const { user, auth } = await userWith2faPasskey();
    const other = await userWith2faPasskey();
    const browser = server.client();
    await passwordStep(browser, user.email);
    const assertion = auth.assert({ challenge: 'x' });
    assertError(
      await browser.post('/api/login/token', { credential_id: assertion.id, response: assertion.response }),
      400,
      stepError('2fa_no_challenge', PasskeyMessages.noChallenge2fa),
    );
    await browser.post('/api/login/2fa/passkey/begin/');
    const foreign = other.auth.assert({ challenge: 'x' });
    assertError(
      await browser.post('/api/login/token', { credential_id: foreign.id, response: foreign.response }),
      400,
      stepError('2fa_invalid_passkey', PasskeyMessages.invalidPasskey),
    );
    assertError(
      await passkeyStep(browser, auth, { origin: `http://127.0.0.1:${server.port}` }),
      400,
      stepError('2fa_passkey_failed', PasskeyMessages.passkeyFailed),
    );
    assertError(
      await passkeyStep(browser, auth, { uv: false }),
      400,
      stepError('2fa_passkey_failed', PasskeyMessages.passkeyFailed),
    );
    const begin = await browser.post('/api/login/2fa/passkey/begin/');
    server.clock.advance(10 * 60 * 1000);
    const late = auth.assert(begin.body);
    assertError(
      await browser.post('/api/login/token', { credential_id: late.id, response: late.response }),
      400,
      stepError('2fa_expired', PasskeyMessages.expired),
    );
    const anonymous = server.client();
    assertPasskeyError(
      await anonymous.get('/api/login/2fa/passkey/methods/'),
      passkeyErr(400, 'invalid_2fa_session', PasskeyMessages.noPendingSession),
    );
    assertPasskeyError(
      await anonymous.post('/api/login/2fa/passkey/begin/'),
      passkeyErr(400, 'invalid_2fa_session', PasskeyMessages.noPendingSession),
    );
  });

  test('begin: no verified passkey → no_passkeys; flag off → passkeys_not_enabled', async () => {
    const totpOnly = await member(server);
    await enrol(server, totpOnly.client);
    const browser = server.client();
    await passwordStep(browser, totpOnly.email);
    assertPasskeyError(
      await browser.post('/api/login/2fa/passkey/begin/'),
      passkeyErr(400, 'no_passkeys', PasskeyMessages.noPasskeys),
    );
    await addPasskey(totpOnly.client, authenticatorFor(server));
    // The first verified passkey ended every other session, the half-signed-in one included.
    assert.equal((await browser.get('/api/login/2fa/passkey/methods/')).body.code, 'invalid_2fa_session');
    await passwordStep(browser, totpOnly.email);
    assertPasskeyError(
      await browser.post('/api/login/2fa/passkey/begin/'),
      passkeyErr(400, 'passkeys_not_enabled', PasskeyMessages.notEnabledFor2fa),
    );
  });

  test('a counter regression at the second step is refused (2fa_passkey_failed)', async () => {
    const { user, auth } = await userWith2faPasskey();
    const first = server.client();
    await passwordStep(first, user.email);
    assert.equal((await passkeyStep(first, auth, { counter: 50 })).status, 200);
    const second = server.client();
    await passwordStep(second, user.email);
    assertError(
      await passkeyStep(second, auth, { counter: 50 }),
      400,
      stepError('2fa_passkey_failed', PasskeyMessages.passkeyFailed),
    );
    server.logs.length = 0;
  });

  test('a parallel burst shares the second-factor throttle: tries are counted before anything awaits', async () => {
    const { user, auth } = await userWith2faPasskey();
    const browser = server.client();
    await passwordStep(browser, user.email);
    const begin = await browser.post('/api/login/2fa/passkey/begin/');
    const bad = auth.assert(begin.body, { uv: false });
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        browser.post('/api/login/token', { credential_id: bad.id, response: bad.response }),
      ),
    );
    const codes = results.map((r) => r.body.code).sort();
    assert.deepEqual(codes, [
      '2fa_no_challenge',
      '2fa_no_challenge',
      '2fa_no_challenge',
      '2fa_no_challenge',
      '2fa_passkey_failed',
      'throttled',
      'throttled',
      'throttled',
    ]);
    // The TOTP form is refused too: one budget for every second factor.
    assert.equal((await browser.post('/api/login/token', { token: '123456' })).status, 429);
  });

  test('re-confirming identity with the passkey second step after a password re-login', async () => {
    const { user, auth } = await userWith2faPasskey();
    server.clock.advance(3 * 60 * 60 * 1000);
    assertError(await logIn(user.client, user.email), 401, twoFactorRequired);
    assert.equal((await passkeyStep(user.client, auth)).status, 200);
    assert.equal((await user.client.post('/api/webauthn/register/begin/')).status, 200);
  });
});
