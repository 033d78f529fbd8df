/**
 * security.md 27 and 28 through real HTTP: a session's absolute lifetime (30 days, however active),
 * a fresh session id when a half-login becomes a full one, failed second-factor tries notified
 * (at most one mail per account per hour), and a password hash at an older cost re-hashed at the
 * next successful login.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { MAIL_DIR_ENV } from '../../main/domain/mail.js';
import { PASSWORD_SCRYPT_PARAMS } from '../../main/domain/passwords.js';
import { scryptHash } from '../../main/domain/scrypt-hash.js';
import { sha256Hex } from '../../main/domain/tokens.js';
import { totpAt } from '../../main/domain/totp.js';
import { STRONG_PASSWORD } from '../helpers/accounts.js';
import { tempDir } from '../helpers/server.js';
import { mailText, readMailDir } from '../api/support.js';
import { wrongCode } from '../api/two-factor-helpers.js';
import { serverBooter } from './support/boot.js';

const DAY = 24 * 60 * 60 * 1000;
const boot = serverBooter('userdesk-sessions2-');

const cookieOf = (setCookie: string[] | string | undefined, name: string) => {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const line = all.find((l) => l.startsWith(`${name}=`));
  return line?.slice(name.length + 1).split(';')[0];
};

describe('security.md 27: session lifetimes', () => {
  test('a session used every day still ends 30 days after it began', async () => {
    const { server, fixtures } = await boot();
    const user = await fixtures.user();
    const client = fixtures.client(fixtures.session(user.id));
    for (let day = 1; day < 30; day++) {
      server.clock.advance(DAY);
      const res = await client.get('/api/users/@me/');
      assert.equal(res.status, 200, `day ${day}: ${res.text}`);
    }
    server.clock.advance(DAY);
    const res = await client.get('/api/users/@me/');
    assert.equal(res.status, 401, `day 30: ${res.text}`);
    assert.equal(res.body.code, 'not_authenticated');
  });

  test('finishing the second factor issues a new session id; the half-login id stops working', async () => {
    const { server, fixtures } = await boot();
    const user = await fixtures.user();
    const secret = fixtures.totp(user.id);
    const client = server.client();
    const first = await client.post('/api/login/', { email: user.email, password: STRONG_PASSWORD });
    assert.equal(first.status, 401, first.text);
    const halfId = client.cookies.get('sessionid')!;
    assert.ok(halfId);
    const done = await client.post('/api/login/token/', { token: await totpAt(secret, server.clock.now()) });
    assert.equal(done.status, 200, done.text);
    const fullId = cookieOf(done.headers['set-cookie'], 'sessionid');
    assert.ok(fullId, 'a new sessionid cookie is set');
    assert.notEqual(fullId, halfId);
    assert.ok(cookieOf(done.headers['set-cookie'], 'csrftoken'), 'and a new csrftoken');
    assert.equal(fixtures.deps.repos.sessions.byTokenHash(sha256Hex(halfId)), undefined);
    assert.equal((await client.get('/api/users/@me/')).status, 200);
    const stale = server.client();
    stale.cookies.set('sessionid', halfId);
    assert.equal((await stale.get('/api/users/@me/')).status, 401);
  });
});

describe('security.md 28: second-factor failures are mailed, at most once an hour', () => {
  let mailDir: string;
  beforeEach(() => {
    mailDir = tempDir('userdesk-mail-');
    process.env[MAIL_DIR_ENV] = mailDir;
  });
  afterEach(() => {
    delete process.env[MAIL_DIR_ENV];
    rmSync(mailDir, { recursive: true, force: true });
  });
  const failureMails = () =>
    readMailDir(mailDir).filter((m) => /Subject: A wrong two-factor code was entered/.test(m));

  test('three failures in an hour send one mail; another after the hour sends a second', async () => {
    const { server, fixtures } = await boot();
    const user = await fixtures.user();
    const secret = fixtures.totp(user.id);
    const client = fixtures.client(fixtures.pendingSession(user.id));
    for (let i = 0; i < 3; i++) {
      const res = await client.post('/api/login/token/', {
        token: await wrongCode(secret, server.clock.now()),
      });
      assert.equal(res.status, 400, res.text);
      server.clock.advance(1000);
    }
    await waitFor(() => failureMails().length >= 1);
    assert.equal(failureMails().length, 1);
    const text = mailText(failureMails()[0]);
    assert.match(text, new RegExp(`To: ${user.email}`));
    assert.match(text, /a wrong two-factor code/);
    server.clock.advance(60 * 60 * 1000);
    const client2 = fixtures.client(fixtures.pendingSession(user.id));
    const res = await client2.post('/api/login/token/', {
      token: await wrongCode(secret, server.clock.now()),
    });
    assert.equal(res.status, 400, res.text);
    await waitFor(() => failureMails().length >= 2);
    assert.equal(failureMails().length, 2);
  });
});

describe('security.md 28: re-hash at the current cost on login', () => {
  test('a password hashed at an older cost is re-hashed by the next successful login', async () => {
    const { server, fixtures } = await boot();
    const user = await fixtures.user();
    const old = await scryptHash(STRONG_PASSWORD, { ...PASSWORD_SCRYPT_PARAMS, N: 2 ** 14 });
    fixtures.deps.repos.users.update(user.id, { password_hash: old });
    const res = await server.client().post('/api/login/', { email: user.email, password: STRONG_PASSWORD });
    assert.equal(res.status, 200, res.text);
    const stored = fixtures.deps.repos.users.byId(user.id)!.password_hash!;
    assert.notEqual(stored, old);
    assert.match(stored, /^scrypt\$131072\$8\$1\$/);
    const again = await server.client().post('/api/login/', { email: user.email, password: STRONG_PASSWORD });
    assert.equal(again.status, 200, 'the new hash verifies');
  });
});

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}
