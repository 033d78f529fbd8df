import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PasskeyMessages } from '../../shared/passkeys.js';
import { logIn } from '../helpers/accounts.js';
import type { TestServer } from '../helpers/server.js';
import {
  addPasskey,
  assertPasskeyError,
  authenticatorFor,
  passkeyErr,
  passkeyLogin,
  registerPasskey,
} from './passkeys-helpers.js';
import { type Account, member, serverWithStaff, withDeps } from './support.js';

/** users-api.md §6 routes 24–25: passwordless sign-in with a discoverable passkey, and precheck. */
let server: TestServer;
let staff: Account;

before(async () => {
  ({ server, staff } = await serverWithStaff());
});
after(async () => {
  await server.stop();
});

const loginFailed = passkeyErr(400, 'passkey_login_failed', PasskeyMessages.loginFailed);
const noChallenge = passkeyErr(400, 'no_challenge', PasskeyMessages.loginChallenge);

async function userWithPasskey() {
  const user = await member(server);
  const auth = authenticatorFor(server);
  const id = await addPasskey(user.client, auth);
  return { user, auth, id };
}

const activityTypes = async (account: Account) =>
  (await account.client.get('/api/users/@me/activity/')).body.results.map((e: { type: string }) => e.type);

describe('passwordless sign-in (route 24)', () => {
  test('begin: discoverable options; complete: a full session, no second step', async () => {
    const { user, auth } = await userWithPasskey();
    const browser = server.client();
    const begin = await browser.post('/api/webauthn/login/begin/');
    assert.equal(begin.status, 200, begin.text);
    assert.deepEqual(begin.body.allowCredentials, []);
    assert.equal(begin.body.userVerification, 'required');
    assert.equal(begin.body.rpId, 'localhost');
    const res = await browser.post('/api/webauthn/login/complete/', auth.assert(begin.body));
    assert.deepEqual([res.status, res.body], [200, { success: true }], res.text);
    const me = await browser.get('/api/users/@me/');
    assert.equal(me.status, 200);
    assert.equal(me.body.uuid, user.uuid);
    const list = await browser.get('/api/webauthn/credentials/');
    assert.ok(list.body[0].last_used_at, 'last use recorded');
  });

  const refusals: [string, () => Parameters<typeof passkeyLogin>[2]][] = [
    [
      'the 127.0.0.1 URL of this very server as origin',
      () => ({ origin: `http://127.0.0.1:${server.port}` }),
    ],
    ['another RP ID', () => ({ rpId: 'evil.example' })],
    ['no user verification', () => ({ uv: false })],
    ['no user presence', () => ({ up: false })],
    ['a registration-type client data', () => ({ type: 'webauthn.create' })],
  ];
  for (const [name, tweaks] of refusals) {
    test(`refused, not signed in: ${name}`, async () => {
      const { auth } = await userWithPasskey();
      const browser = server.client();
      assertPasskeyError(await passkeyLogin(browser, auth, tweaks()), loginFailed);
      assert.equal((await browser.get('/api/users/@me/')).status, 401);
    });
  }

  test('a challenge is single use and expires after 5 minutes', async () => {
    const { auth } = await userWithPasskey();
    const browser = server.client();
    const begin = await browser.post('/api/webauthn/login/begin/');
    const assertion = auth.assert(begin.body);
    assert.equal((await browser.post('/api/webauthn/login/complete/', assertion)).status, 200);
    assertPasskeyError(await browser.post('/api/webauthn/login/complete/', assertion), noChallenge);
    // Replayed against a fresh challenge: the signed one no longer matches.
    await browser.post('/api/webauthn/login/begin/');
    assertPasskeyError(await browser.post('/api/webauthn/login/complete/', assertion), loginFailed);

    const late = server.client();
    const lateBegin = await late.post('/api/webauthn/login/begin/');
    server.clock.advance(5 * 60 * 1000);
    assertPasskeyError(
      await late.post('/api/webauthn/login/complete/', auth.assert(lateBegin.body)),
      noChallenge,
    );
  });

  test('a sign counter that does not go up is refused, logged and told to the user', async () => {
    const { user, auth } = await userWithPasskey();
    assert.equal((await passkeyLogin(server.client(), auth, { counter: 7 })).status, 200);
    const cloned = server.client();
    assertPasskeyError(await passkeyLogin(cloned, auth, { counter: 7 }), loginFailed);
    assertPasskeyError(await passkeyLogin(cloned, auth, { counter: 3 }), loginFailed);
    assert.equal((await cloned.get('/api/users/@me/')).status, 401);
    assert.ok(server.logs.some((l) => l.includes('possible cloned authenticator') && l.includes(user.uuid)));
    assert.ok((await activityTypes(user)).includes('passkey_counter_regression'));
    assert.equal(
      (await passkeyLogin(server.client(), auth, { counter: 8 })).status,
      200,
      'a higher one works',
    );
    server.logs.length = 0;
  });

  test("the userHandle is untrusted: another user's handle on my credential is refused", async () => {
    const victim = await userWithPasskey();
    const attacker = await userWithPasskey();
    const browser = server.client();
    const spoofed = await passkeyLogin(browser, attacker.auth, {
      userHandle: Buffer.from(victim.user.uuid.replace(/-/g, ''), 'hex'),
    });
    assertPasskeyError(spoofed, loginFailed);
    assert.equal((await browser.get('/api/users/@me/')).status, 401);
    assert.ok((await activityTypes(attacker.user)).includes('login_failed'), 'counted against the owner');
  });

  test('an unverified passkey, or one no account has, does not sign in', async () => {
    const user = await member(server);
    const auth = authenticatorFor(server);
    assert.equal((await registerPasskey(user.client, auth)).res.status, 200);
    assertPasskeyError(await passkeyLogin(server.client(), auth), loginFailed);
    const stranger = authenticatorFor(server);
    stranger.register({
      challenge: 'x',
      rp: { id: 'localhost' },
      user: { id: Buffer.from(user.uuid.replace(/-/g, ''), 'hex').toString('base64url') },
      pubKeyCredParams: [],
    });
    assertPasskeyError(await passkeyLogin(server.client(), stranger), loginFailed);
  });

  test('a parallel burst of bad assertions: 5 checked, the rest throttled with password login', async () => {
    const { user, auth } = await userWithPasskey();
    const clients = Array.from({ length: 10 }, () => server.client());
    const begins = await Promise.all(clients.map((c) => c.post('/api/webauthn/login/begin/')));
    const results = await Promise.all(
      clients.map((c, i) =>
        c.post(
          '/api/webauthn/login/complete/',
          auth.assert(begins[i].body, { origin: 'http://evil.example' }),
        ),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [400, 400, 400, 400, 400, 429, 429, 429, 429, 429]);
    const throttled = results.find((r) => r.status === 429)!;
    assert.equal(throttled.body.code, 'throttled');
    assert.equal(throttled.body.error, throttled.body.detail);
    // The same account budget as password login: even the right password waits now.
    assert.equal((await logIn(server.client(), user.email)).status, 429);
  });

  test('with the caller signed in as that user it re-confirms identity (sudo) on the same session', async () => {
    const { user, auth } = await userWithPasskey();
    server.clock.advance(3 * 60 * 60 * 1000);
    const sensitive = () => user.client.post('/api/webauthn/register/begin/');
    assert.equal((await sensitive()).body.code, 'sensitive_action_required_reauth');
    const before = user.client.cookies.get('sessionid');
    assert.equal((await passkeyLogin(user.client, auth)).status, 200);
    assert.equal(user.client.cookies.get('sessionid'), before, 'no new session');
    assert.equal((await sensitive()).status, 200);
    assert.ok((await activityTypes(user)).includes('relogin'));
  });

  test('signed in as someone else, a passkey sign-in replaces that session', async () => {
    const { user, auth } = await userWithPasskey();
    const before = staff.client.cookies.get('sessionid');
    const shared = server.client();
    await logIn(shared, staff.email);
    assert.equal((await passkeyLogin(shared, auth)).status, 200);
    assert.equal((await shared.get('/api/users/@me/')).body.uuid, user.uuid);
    assert.equal(staff.client.cookies.get('sessionid'), before);
  });
});

describe('precheck (route 25)', () => {
  test('lists the verified passkeys of an account, [] otherwise', async () => {
    const { user, auth } = await userWithPasskey();
    await registerPasskey(user.client, authenticatorFor(server)); // unverified: not listed
    const res = await server.client().post('/api/login/precheck', { email: user.email });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body, {
      webauthn_credentials: [
        { id: auth.credentials[0].id.toString('base64url'), type: 'public-key', transports: ['internal'] },
      ],
    });
    const unknown = await server.client().post('/api/login/precheck/', { email: 'nobody@example.com' });
    assert.deepEqual(unknown.body, { webauthn_credentials: [] });
    withDeps(server, (deps) => assert.equal(deps.repos.passkeys.forUser(user.id).length, 2));
  });
});
