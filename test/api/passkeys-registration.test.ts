import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MAIL_DIR_ENV } from '../../main/domain/mail.js';
import { PasskeyMessages } from '../../shared/passkeys.js';
import { createKey, logIn } from '../helpers/accounts.js';
import { type TestServer, tempDir } from '../helpers/server.js';
import { SoftAuthenticator } from '../helpers/soft-authenticator.js';
import {
  addPasskey,
  assertPasskeyError,
  authenticatorFor,
  originOf,
  passkeyErr,
  registerPasskey,
  verifyPasskey,
} from './passkeys-helpers.js';
import { type Account, eventually, mailText, member, readMailDir, serverWithStaff } from './support.js';

/** users-api.md §6 routes 20–23: adding, verifying and managing passkeys. */
let server: TestServer;
let staff: Account;
const mailDir = tempDir('userdesk-passkey-mail-');

before(async () => {
  process.env[MAIL_DIR_ENV] = mailDir;
  ({ server, staff } = await serverWithStaff());
});
after(async () => {
  delete process.env[MAIL_DIR_ENV];
  await server.stop();
});

const registrationFailed = passkeyErr(400, 'registration_failed', PasskeyMessages.registrationFailed);
const noRegistrationChallenge = passkeyErr(400, 'no_challenge', PasskeyMessages.registrationChallenge);

describe('registration (routes 20–21)', () => {
  test('begin offers a discoverable, user-verified credential for localhost, RS256 included', async () => {
    const user = await member(server);
    const auth = authenticatorFor(server);
    await addPasskey(user.client, auth);
    const res = await user.client.post('/api/webauthn/register/begin');
    assert.equal(res.status, 200, res.text);
    const o = res.body;
    assert.deepEqual(o.rp, { id: 'localhost', name: 'Userdesk' });
    assert.equal(o.user.id, Buffer.from(user.uuid.replace(/-/g, ''), 'hex').toString('base64url'));
    assert.equal(o.user.name, user.email);
    assert.deepEqual(
      o.pubKeyCredParams.map((p: { alg: number }) => p.alg),
      [-7, -8, -36, -257],
    );
    assert.equal(o.authenticatorSelection.residentKey, 'required');
    assert.equal(o.authenticatorSelection.userVerification, 'required');
    assert.equal(o.attestation, 'none');
    assert.equal(o.timeout, 300_000);
    assert.equal(o.excludeCredentials.length, 1, 'the verified passkey is excluded');
  });

  test('complete stores the passkey unverified; the list shows it, newest first', async () => {
    const user = await member(server);
    const auth = authenticatorFor(server);
    const { id, res } = await registerPasskey(user.client, auth, { label: 'My laptop' });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body, { success: true, credential_id: id, message: PasskeyMessages.stored });
    const list = await user.client.get('/api/webauthn/credentials/');
    assert.equal(list.status, 200, list.text);
    assert.equal(list.body.length, 1);
    const [row] = list.body;
    assert.deepEqual(
      { ...row, created_at: typeof row.created_at },
      {
        id,
        label: 'My laptop',
        created_at: 'string',
        last_used_at: null,
        transports: ['internal'],
        verified: false,
        authenticator_type: 'platform',
      },
    );
  });

  for (const algorithm of ['EdDSA', 'RS256'] as const) {
    test(`${algorithm} passkeys register and verify (label defaults to "Passkey")`, async () => {
      const user = await member(server);
      const auth = authenticatorFor(server, algorithm, ['usb']);
      const id = await addPasskey(user.client, auth);
      const list = await user.client.get('/api/webauthn/credentials/');
      assert.equal(list.body[0].id, id);
      assert.equal(list.body[0].label, 'Passkey');
      assert.equal(list.body[0].verified, true);
      assert.equal(list.body[0].authenticator_type, 'hardware');
    });
  }

  const refusals: [string, Parameters<typeof registerPasskey>[2]][] = [
    [
      'an origin other than http://localhost:<port> (127.0.0.1)',
      { tweaks: { origin: 'http://127.0.0.1:1' } },
    ],
    ['another RP ID', { tweaks: { rpId: 'evil.example' } }],
    ['no user verification (UV flag off)', { tweaks: { uv: false } }],
    ['a challenge the server did not issue', { tweaks: { challenge: 'AAAAAAAAAAAAAAAAAAAAAA' } }],
  ];
  for (const [name, options] of refusals) {
    test(`refused: ${name}`, async () => {
      const user = await member(server);
      const auth = authenticatorFor(server);
      const { res } = await registerPasskey(user.client, auth, options);
      assertPasskeyError(res, registrationFailed);
      assert.deepEqual((await user.client.get('/api/webauthn/credentials/')).body, []);
    });
  }

  test('the right origin is exactly the localhost URL of this port', async () => {
    assert.equal(originOf(server), `http://localhost:${server.port}`);
    const user = await member(server);
    const auth = new SoftAuthenticator(`http://localhost:${server.port + 1}`);
    assertPasskeyError((await registerPasskey(user.client, auth)).res, registrationFailed);
  });

  test('a challenge is single use: the same response twice → no_challenge', async () => {
    const user = await member(server);
    const auth = authenticatorFor(server);
    const begin = await user.client.post('/api/webauthn/register/begin/');
    const { response } = auth.register(begin.body);
    assert.equal((await user.client.post('/api/webauthn/register/complete/', response)).status, 200);
    assertPasskeyError(
      await user.client.post('/api/webauthn/register/complete/', response),
      noRegistrationChallenge,
    );
  });

  test('a challenge expires after 5 minutes', async () => {
    const user = await member(server);
    const auth = authenticatorFor(server);
    const begin = await user.client.post('/api/webauthn/register/begin/');
    const { response } = auth.register(begin.body);
    server.clock.advance(5 * 60 * 1000);
    assertPasskeyError(
      await user.client.post('/api/webauthn/register/complete/', response),
      noRegistrationChallenge,
    );
  });

  test("a challenge is bound to its session: another session of the same user can't use it", async () => {
    const user = await member(server);
    const other = server.client();
    assert.equal((await logIn(other, user.email)).status, 200);
    const auth = authenticatorFor(server);
    const begin = await user.client.post('/api/webauthn/register/begin/');
    const { response } = auth.register(begin.body);
    assertPasskeyError(
      await other.post('/api/webauthn/register/complete/', response),
      noRegistrationChallenge,
    );
  });

  test('session only, and PostHog’s `error` key rides along with the contract’s error', async () => {
    const user = await member(server);
    const key = await createKey(user.client);
    const res = await user.client.post('/api/webauthn/register/begin/', undefined, { key });
    assert.equal(res.status, 403);
    assert.equal(res.body.error, res.body.detail);
    const anon = await server.client().post('/api/webauthn/register/begin/');
    assert.deepEqual(anon.body, {
      type: 'authentication_error',
      code: 'not_authenticated',
      detail: 'Authentication credentials were not provided.',
      attr: null,
      error: 'Authentication credentials were not provided.',
    });
  });
});

describe('verification (route 22)', () => {
  test('verify_complete marks it verified; the first verified passkey signs out other sessions', async () => {
    const user = await member(server);
    const elsewhere = server.client();
    assert.equal((await logIn(elsewhere, user.email)).status, 200);
    const auth = authenticatorFor(server);
    const { id } = await registerPasskey(user.client, auth);
    assert.equal((await elsewhere.get('/api/users/@me/')).status, 200, 'unverified: nothing revoked yet');
    const res = await verifyPasskey(user.client, auth, id);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.verified, true);
    assert.equal(res.body.id, id);
    assert.equal((await elsewhere.get('/api/users/@me/')).status, 401);
    assert.equal((await user.client.get('/api/users/@me/')).status, 200, 'the current session stays');
  });

  test('verify errors: already verified, unknown, another user’s, a wrong assertion', async () => {
    const user = await member(server);
    const auth = authenticatorFor(server);
    const id = await addPasskey(user.client, auth);
    assertPasskeyError(
      await user.client.post(`/api/webauthn/credentials/${id}/verify/`),
      passkeyErr(400, 'already_verified', PasskeyMessages.alreadyVerified),
    );
    const notFound = passkeyErr(404, 'not_found', PasskeyMessages.notFound);
    assertPasskeyError(await staff.client.post(`/api/webauthn/credentials/${id}/verify/`), notFound);
    assertPasskeyError(await user.client.post('/api/webauthn/credentials/nope/verify/'), notFound);
    const second = await registerPasskey(user.client, auth);
    const failed = await verifyPasskey(user.client, auth, second.id, { uv: false });
    assertPasskeyError(failed, passkeyErr(400, 'verification_failed', PasskeyMessages.verificationFailed));
    assertPasskeyError(
      await user.client.post(
        `/api/webauthn/credentials/${second.id}/verify_complete/`,
        auth.assert({ challenge: 'x' }),
      ),
      passkeyErr(400, 'no_challenge', PasskeyMessages.verificationChallenge),
    );
  });
});

describe('management (route 23)', () => {
  test('rename, refuse bad labels, delete (204); another user’s id is 404; events and mails', async () => {
    const user = await member(server);
    const auth = authenticatorFor(server);
    const id = await addPasskey(user.client, auth, 'Old name');
    const renamed = await user.client.patch(`/api/webauthn/credentials/${id}/`, { label: 'New name' });
    assert.equal(renamed.status, 200, renamed.text);
    assert.equal(renamed.body.label, 'New name');
    for (const label of ['', 'x'.repeat(201)]) {
      const bad = await user.client.patch(`/api/webauthn/credentials/${id}/`, { label });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.detail, PasskeyMessages.label);
      assert.equal(bad.body.error, PasskeyMessages.label);
    }
    const notFound = passkeyErr(404, 'not_found', PasskeyMessages.notFound);
    assertPasskeyError(
      await staff.client.patch(`/api/webauthn/credentials/${id}/`, { label: 'x' }),
      notFound,
    );
    assertPasskeyError(await staff.client.delete(`/api/webauthn/credentials/${id}/`), notFound);
    const deleted = await user.client.delete(`/api/webauthn/credentials/${id}/`);
    assert.equal(deleted.status, 204);
    assert.deepEqual((await user.client.get('/api/webauthn/credentials/')).body, []);
    assertPasskeyError(await user.client.delete(`/api/webauthn/credentials/${id}/`), notFound);

    const activity = await user.client.get('/api/users/@me/activity/');
    const events = activity.body.results.filter((e: { type: string }) => e.type.startsWith('passkey_'));
    assert.deepEqual(
      events.map((e: { type: string }) => e.type),
      ['passkey_removed', 'passkey_renamed', 'passkey_verified', 'passkey_added'],
    );
    const credentialId = auth.credentials[0].id.toString('base64url');
    assert.ok(!activity.text.includes(credentialId), 'no credential id in activity details');
    const mails = await eventually(() => {
      const mine = readMailDir(mailDir)
        .map(mailText)
        .filter((m) => m.includes(user.email));
      return mine.length >= 2 ? mine : undefined;
    });
    assert.ok(mails.some((m) => /passkey was added/.test(m) && m.includes('Old name')));
    assert.ok(mails.some((m) => /passkey was removed/.test(m) && m.includes('New name')));
    assert.ok(mails.every((m) => !m.includes(credentialId)));
  });
});
