/**
 * security.md 16 and 17 through real HTTP: API keys and session ids carry ≥ 128 bits, are shown
 * once, stored only as SHA-256, scoped, revocable and accepted from the header only; the session
 * cookie is HttpOnly + SameSite=Strict; passwords are scrypt at OWASP's cost with per-user salts.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { issueSession } from '../../main/domain/sessions.js';
import { STRONG_PASSWORD, uniqueEmail } from '../helpers/accounts.js';
import type { HttpClient } from '../helpers/http-client.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { assertErrorShape } from './support/contract.js';
import { DbState } from './support/db-state.js';
import { Fixtures } from './support/fixtures.js';

const BASE62 = /^[0-9A-Za-z]+$/;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

let server: TestServer;
let fixtures: Fixtures;
let state: DbState;
let ownerEmail: string;
let owner: HttpClient;

before(async () => {
  server = await startTestServer();
  // The first account, through the API, so its password hash is made the real way.
  ownerEmail = uniqueEmail('owner');
  owner = server.client();
  const res = await owner.post('/api/signup/', {
    email: ownerEmail,
    password: STRONG_PASSWORD,
    first_name: 'Owner',
  });
  assert.equal(res.status, 201, res.text);
  fixtures = new Fixtures(server.dataDir, server.clock, server.url);
  state = new DbState(server.dataDir);
});
after(async () => {
  state?.close();
  fixtures?.close();
  await server?.stop();
});

/** Every byte SQLite holds for this data dir: the main file and its write-ahead log. */
function databaseBytes(): string {
  const file = path.join(server.dataDir, 'userdesk.db');
  return [file, `${file}-wal`]
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f).toString('latin1'))
    .join('');
}

/**
 * Chi-square of symbol counts against the uniform distribution over the 62 base62 symbols. With 61
 * degrees of freedom the statistic exceeds 130 with probability below 1e-7 for a fair source.
 */
function chiSquare(values: string[]): number {
  const counts = new Map<string, number>();
  let total = 0;
  for (const v of values) {
    for (const ch of v) {
      counts.set(ch, (counts.get(ch) ?? 0) + 1);
      total++;
    }
  }
  const expected = total / 62;
  let chi = 0;
  for (const ch of '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz') {
    chi += ((counts.get(ch) ?? 0) - expected) ** 2 / expected;
  }
  return chi;
}

const longestCommonPrefix = (values: string[]) => {
  const sorted = [...values].sort();
  let longest = 0;
  for (let i = 1; i < sorted.length; i++) {
    let n = 0;
    while (n < sorted[i].length && sorted[i][n] === sorted[i - 1][n]) n++;
    longest = Math.max(longest, n);
  }
  return longest;
};

describe('security.md 16: personal API keys', () => {
  test('a key is phx_ + ≥ 43 base62 (≥ 256 bits), shown once, stored only as its SHA-256', async () => {
    const created = await owner.post('/api/personal_api_keys/', { label: 'entropy', scopes: ['user:read'] });
    assert.equal(created.status, 201, created.text);
    const value = created.body.value as string;
    assert.match(value, /^phx_[0-9A-Za-z]{43,}$/);
    assert.ok((value.length - 4) * Math.log2(62) >= 128);
    assert.equal(created.headers['cache-control'], 'no-store');

    const list = await owner.get('/api/personal_api_keys/');
    assert.equal(list.status, 200);
    const listed = JSON.stringify(list.body);
    assert.ok(!listed.includes(value), 'the list never shows the raw value');
    assert.ok(listed.includes(`phx_…${value.slice(-4)}`), 'the list shows the mask');
    const one = await owner.get(`/api/personal_api_keys/${created.body.id}/`);
    assert.ok(!one.text.includes(value.slice(4, 20)), 'nor does the detail view');

    const row = state.db
      .prepare('SELECT secure_value FROM personal_api_keys WHERE id = ?')
      .get(created.body.id) as {
      secure_value: string;
    };
    assert.equal(row.secure_value, `sha256$${sha256(value)}`);
    assert.ok(
      !databaseBytes().includes(value.slice(4)),
      'the raw key is nowhere in the database file or WAL',
    );
  });

  test('keys from the generator are unique and uniform (chi-square over 1000 keys)', async () => {
    const values: string[] = [];
    const users: Awaited<ReturnType<Fixtures['user']>>[] = [];
    for (let u = 0; u < 100; u++) users.push(await fixtures.user());
    // One transaction: 1000 separate fsyncs (synchronous = FULL) would only measure the disk.
    fixtures.deps.db.transaction(() => {
      for (const user of users)
        for (let k = 0; k < 10; k++) values.push(fixtures.key(user.id, ['user:read']).key.slice(4));
    })();
    assert.equal(new Set(values).size, values.length, 'no two keys alike');
    assert.ok(values.every((v) => BASE62.test(v) && v.length >= 43));
    const chi = chiSquare(values);
    assert.ok(chi < 130, `symbol distribution is uniform (chi-square ${chi.toFixed(1)} with 61 df)`);
    assert.ok(longestCommonPrefix(values) < 6, 'no shared prefix: nothing time- or counter-based');
  });

  test('header only: a key in the query string or the body is refused with the deviation message', async () => {
    const user = await fixtures.user();
    const { key } = fixtures.key(user.id);
    const expected = {
      type: 'authentication_error',
      code: 'authentication_failed',
      detail: 'Personal API keys must be sent in the Authorization header.',
      attr: null,
    };
    const c = server.client();
    const inQuery = await c.get(`/api/users/@me/?personal_api_key=${key}`);
    assert.equal(inQuery.status, 401);
    assert.deepEqual(inQuery.body, expected);
    const inBody = await c.patch('/api/users/@me/', { personal_api_key: key, first_name: 'Eve' });
    assert.equal(inBody.status, 401);
    assert.deepEqual(inBody.body, expected);
    assert.equal(
      (state.db.prepare('SELECT first_name FROM users WHERE id = ?').get(user.id) as { first_name: string })
        .first_name,
      'Member',
    );
    const ok = await c.get('/api/users/@me/', { key });
    assert.equal(ok.status, 200);
  });

  test('scoped: a read key cannot write, and session-only routes refuse every key', async () => {
    const user = await fixtures.user();
    const { key } = fixtures.key(user.id, ['user:read']);
    const c = server.client();
    const write = await c.patch('/api/users/@me/', { first_name: 'Eve' }, { key });
    assert.equal(write.status, 403);
    assert.deepEqual(write.body, {
      type: 'authentication_error',
      code: 'permission_denied',
      detail: "API key missing required scope 'user:write'",
      attr: null,
    });
    const { key: star } = fixtures.key(user.id, ['*']);
    for (const p of [
      '/api/personal_api_keys/',
      '/api/users/@me/two_factor_status/',
      '/api/users/@me/login_sessions/',
    ]) {
      const res = await c.get(p, { key: star });
      assert.equal(res.status, 403, p);
      assert.equal(res.body.detail, 'This action does not support personal API key access', p);
    }
  });

  test('revocable: a deleted or rolled key stops working at once', async () => {
    const created = await owner.post('/api/personal_api_keys/', { label: 'revoke me', scopes: ['*'] });
    const c = server.client();
    assert.equal((await c.get('/api/users/@me/', { key: created.body.value })).status, 200);
    const rolled = await owner.post(`/api/personal_api_keys/${created.body.id}/roll/`, {});
    assert.equal(rolled.status, 200, rolled.text);
    assert.notEqual(rolled.body.value, created.body.value);
    const old = await c.get('/api/users/@me/', { key: created.body.value });
    assert.equal(old.status, 401);
    assert.equal(old.body.detail, 'Personal API key found in request Authorization header is invalid.');
    assert.equal((await c.get('/api/users/@me/', { key: rolled.body.value })).status, 200);
    assert.equal((await owner.delete(`/api/personal_api_keys/${created.body.id}/`)).status, 204);
    const gone = await c.get('/api/users/@me/', { key: rolled.body.value });
    assert.equal(gone.status, 401);
    assertErrorShape(gone.status, gone.body, 'deleted key');
  });
});

describe('security.md 16: sessions', () => {
  test('login cookies: sessionid 256-bit, HttpOnly, SameSite=Strict, Path=/, no Domain; csrftoken readable', async () => {
    const c = server.client();
    const res = await c.post('/api/login/', { email: ownerEmail, password: STRONG_PASSWORD });
    assert.equal(res.status, 200, res.text);
    const cookies = res.headers['set-cookie'] ?? [];
    const sid = cookies.find((x) => x.startsWith('sessionid='))!;
    const csrf = cookies.find((x) => x.startsWith('csrftoken='))!;
    assert.ok(sid && csrf);
    const attrs = (cookie: string) =>
      cookie
        .split(';')
        .slice(1)
        .map((a) => a.trim().toLowerCase());
    assert.ok(attrs(sid).includes('httponly'));
    assert.ok(attrs(sid).includes('samesite=strict'));
    assert.ok(attrs(sid).includes('path=/'));
    assert.ok(!attrs(sid).some((a) => a.startsWith('domain=')), 'host-only cookie');
    assert.ok(!attrs(csrf).includes('httponly'), 'the page reads the CSRF token');
    assert.ok(attrs(csrf).includes('samesite=strict'));
    const token = c.cookies.get('sessionid')!;
    assert.match(token, /^[0-9A-Za-z]{43,}$/);
    assert.ok(token.length * Math.log2(62) >= 128);
    assert.notEqual(token, c.cookies.get('csrftoken'));
    assert.equal(res.headers['cache-control'], 'no-store');

    const row = state.db.prepare('SELECT token_hash FROM sessions WHERE token_hash = ?').get(sha256(token));
    assert.ok(row, 'stored as its SHA-256');
    assert.ok(!databaseBytes().includes(token), 'the raw session id is nowhere in the database');
  });

  test('logout ends the session on the server, not only in the browser', async () => {
    const c = server.client();
    await c.post('/api/login/', { email: ownerEmail, password: STRONG_PASSWORD });
    const token = c.cookies.get('sessionid')!;
    const csrf = c.cookies.get('csrftoken')!;
    assert.equal((await c.post('/api/logout/', {})).status, 200);
    const replay = server.client();
    replay.cookies.set('sessionid', token);
    replay.cookies.set('csrftoken', csrf);
    const res = await replay.get('/api/users/@me/');
    assert.equal(res.status, 401);
  });

  test('no fixation: a session id planted before login is never adopted', async () => {
    const c = server.client();
    c.cookies.set('sessionid', 'A'.repeat(43));
    c.cookies.set('csrftoken', 'B'.repeat(43));
    const res = await c.post(
      '/api/login/',
      { email: ownerEmail, password: STRONG_PASSWORD },
      { headers: { 'x-csrftoken': 'B'.repeat(43) } },
    );
    assert.equal(res.status, 200, res.text);
    assert.notEqual(c.cookies.get('sessionid'), 'A'.repeat(43));
    assert.equal(state.count('sessions', `token_hash = '${sha256('A'.repeat(43))}'`), 0);
  });

  test('session ids from the generator are unique and uniform (chi-square over 1000 ids)', async () => {
    const user = await fixtures.user();
    const ids: string[] = [];
    const csrf: string[] = [];
    fixtures.deps.db.transaction(() => {
      for (let i = 0; i < 1000; i++) {
        const issued = issueSession(fixtures.deps, user.id, 'active', { ip: '', userAgent: '' });
        ids.push(issued.token);
        csrf.push(issued.csrfToken);
      }
    })();
    assert.equal(new Set([...ids, ...csrf]).size, 2000);
    const chi = chiSquare(ids);
    assert.ok(chi < 130, `chi-square ${chi.toFixed(1)}`);
    assert.ok(longestCommonPrefix(ids) < 6);
  });
});

describe('security.md 17: passwords', () => {
  test('stored as scrypt N=2^17 r=8 p=1 with a 16-byte per-user salt; never in plain text', async () => {
    const rows = state.db
      .prepare('SELECT email, password_hash FROM users WHERE password_hash IS NOT NULL')
      .all() as {
      email: string;
      password_hash: string;
    }[];
    const ownerRow = rows.find((r) => r.email === ownerEmail)!;
    const [scheme, n, r, p, salt, hash] = ownerRow.password_hash.split('$');
    assert.deepEqual([scheme, n, r, p], ['scrypt', '131072', '8', '1']);
    assert.equal(Buffer.from(salt, 'base64').length, 16);
    assert.ok(Buffer.from(hash, 'base64').length >= 32);
    assert.ok(!databaseBytes().includes(STRONG_PASSWORD), 'no plaintext password anywhere');

    // A second account made through the API gets its own salt.
    const other = await fixtures.user();
    const c = fixtures.client(fixtures.session(other.id));
    const changed = await c.patch('/api/users/@me/', {
      current_password: STRONG_PASSWORD,
      password: STRONG_PASSWORD,
    });
    assert.equal(changed.status, 200, changed.text);
    const otherHash = (
      state.db.prepare('SELECT password_hash FROM users WHERE id = ?').get(other.id) as {
        password_hash: string;
      }
    ).password_hash;
    assert.notEqual(otherHash.split('$')[4], salt, 'same password, different salt');
    assert.notEqual(otherHash, ownerRow.password_hash);
  });

  test('minimum 8 characters and a zxcvbn strength check, on attr password', async () => {
    const user = await fixtures.user();
    const c = fixtures.client(fixtures.session(user.id));
    const short = await c.patch('/api/users/@me/', { current_password: STRONG_PASSWORD, password: 'Ab1!x' });
    assert.equal(short.status, 400);
    assert.equal(short.body.attr, 'password');
    assert.equal(short.body.detail, 'This password is too short. It must contain at least 8 characters.');
    for (const weak of ['password123', 'qwertyuiop', '12345678', user.email]) {
      const res = await c.patch('/api/users/@me/', { current_password: STRONG_PASSWORD, password: weak });
      if (res.status === 429) break; // the current_password throttle (5/min) — covered in throttles.test.ts
      assert.equal(res.status, 400, `${weak}: ${res.text}`);
      assert.equal(res.body.attr, 'password', weak);
    }
  });
});

describe('at rest: a stolen database file or data dir', () => {
  // File modes are proved in files-at-rest.test.ts, from a folder made 0755 under umask 022: this
  // server's data dir comes from mkdtemp, already 0700, so a mode check here could never fail.
  test('a TOTP secret is only ever sealed, and the key is not in the database', async () => {
    const user = await fixtures.user();
    const secret = fixtures.totp(user.id);
    const row = state.db.prepare('SELECT secret_sealed FROM totp_devices WHERE user_id = ?').get(user.id) as {
      secret_sealed: string;
    };
    assert.match(row.secret_sealed, /^v1:/, 'AES-256-GCM sealed');
    assert.ok(!databaseBytes().includes(secret), 'the base32 secret is nowhere in the database');
    assert.ok(
      !databaseBytes().includes(readFileSync(path.join(server.dataDir, 'data.key'), 'latin1').trim()),
      'nor the key',
    );
  });
});
