/**
 * security.md 11 and 12 (and users-api.md §2's current_password throttle) through real HTTP: the
 * throttles count per account, not per address, and live in SQLite, so restarting the server hands
 * an attacker no fresh budget. Time is the server's injected clock, so hours pass in milliseconds.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { totpAt, totpStepAt } from '../../main/domain/totp.js';
import { STRONG_PASSWORD } from '../helpers/accounts.js';
import type { HttpClient, HttpResponse } from '../helpers/http-client.js';
import { startTestServer, tempDir, type TestServer } from '../helpers/server.js';
import { assertErrorShape } from './support/contract.js';
import { Fixtures } from './support/fixtures.js';

/** Temp dirs this file made, removed when it ends. */
const scratchDirs: string[] = [];
const scratch = (prefix?: string) => {
  const dir = tempDir(prefix);
  scratchDirs.push(dir);
  return dir;
};

const open: { server: TestServer; fixtures: Fixtures }[] = [];
after(async () => {
  for (const o of open) {
    o.fixtures.close();
    await o.server.stop();
  }
});

/** A server on a data dir that outlives it, so the same data can be served again after a restart. */
async function boot(dataDir = scratch('userdesk-throttle-'), clockAt?: number) {
  const server = await startTestServer({ dataDir });
  if (clockAt !== undefined) server.clock.set(clockAt);
  const fixtures = new Fixtures(dataDir, server.clock, server.url);
  const entry = { server, fixtures };
  open.push(entry);
  return {
    ...entry,
    dataDir,
    async restart() {
      const at = server.clock.now();
      open.splice(open.indexOf(entry), 1);
      fixtures.close();
      await server.stop();
      return boot(dataDir, at);
    },
  };
}

function assertThrottled(res: HttpResponse, where: string): number {
  assert.equal(res.status, 429, `${where}: ${res.text}`);
  assertErrorShape(429, res.body, where);
  assert.equal(res.body.code, 'throttled');
  const seconds = Number(res.headers['retry-after']);
  assert.ok(Number.isInteger(seconds) && seconds >= 1, `${where}: Retry-After ${res.headers['retry-after']}`);
  assert.equal(res.body.detail, `Request was throttled. Expected available in ${seconds} seconds.`);
  return seconds;
}

describe('security.md 12: password login, 5 failures per account per 5 minutes', () => {
  test('the 6th try is 429 even with the right password; other accounts are untouched; a restart changes nothing', async () => {
    let s = await boot();
    const a = await s.fixtures.user();
    const b = await s.fixtures.user();
    for (let i = 0; i < 5; i++) {
      // The same account whatever the letter case of the address.
      const email = i % 2 ? a.email.toUpperCase() : a.email;
      const res = await s.server.client().post('/api/login/', { email, password: `wrong password ${i}` });
      assert.equal(res.status, 400, res.text);
      assert.equal(res.body.code, 'invalid_credentials');
    }
    const blocked = await s.server
      .client()
      .post('/api/login/', { email: a.email, password: STRONG_PASSWORD });
    const wait = assertThrottled(blocked, 'sixth login');
    assert.ok(wait <= 300);
    assert.equal(blocked.headers['set-cookie'], undefined);

    const other = await s.server.client().post('/api/login/', { email: b.email, password: STRONG_PASSWORD });
    assert.equal(other.status, 200, 'per account, not per address: B (same address) signs in');

    s = await s.restart();
    assertThrottled(
      await s.server.client().post('/api/login/', { email: a.email, password: STRONG_PASSWORD }),
      'after restart',
    );

    s.server.clock.advance(5 * 60 * 1000 + 1000);
    const later = await s.server.client().post('/api/login/', { email: a.email, password: STRONG_PASSWORD });
    assert.equal(later.status, 200, later.text);
  });
});

describe('users-api.md §2: current_password, 5 per minute per user', () => {
  test('the 6th request carrying current_password is 429, per user, across a restart', async () => {
    let s = await boot();
    const a = await s.fixtures.user();
    const b = await s.fixtures.user();
    const sessionA = s.fixtures.session(a.id);
    const sessionB = s.fixtures.session(b.id);
    const NEW = 'a different but equally strong passphrase 7';
    for (let i = 0; i < 5; i++) {
      const res = await s.fixtures
        .client(sessionA)
        .patch('/api/users/@me/', { current_password: `nope ${i}`, password: NEW });
      assert.equal(res.status, 400, res.text);
      assert.equal(res.body.code, 'incorrect_password');
    }
    assertThrottled(
      await s.fixtures
        .client(sessionA)
        .patch('/api/users/@me/', { current_password: STRONG_PASSWORD, password: NEW }),
      'sixth',
    );
    const otherUser = await s.fixtures
      .client(sessionB)
      .patch('/api/users/@me/', { current_password: 'wrong for b', password: NEW });
    assert.equal(otherUser.status, 400, 'B has its own budget');

    s = await s.restart();
    assertThrottled(
      await s.fixtures
        .client(sessionA)
        .patch('/api/users/@me/', { current_password: STRONG_PASSWORD, password: NEW }),
      'after restart',
    );
    s.server.clock.advance(61_000);
    const ok = await s.fixtures
      .client(sessionA)
      .patch('/api/users/@me/', { current_password: STRONG_PASSWORD, password: NEW });
    assert.equal(ok.status, 200, ok.text);
  });
});

/** A 6-digit code valid at none of the three accepted steps around `now`. */
async function wrongCode(secret: string, now: number): Promise<string> {
  const valid = new Set(await Promise.all([-30_000, 0, 30_000].map((d) => totpAt(secret, now + d))));
  for (let n = 0; ; n++) {
    const code = String((Number(await totpAt(secret, now)) + 123_457 * (n + 1)) % 1_000_000).padStart(6, '0');
    if (!valid.has(code)) return code;
  }
}

async function passwordStep(s: { server: TestServer }, email: string): Promise<HttpClient> {
  const c = s.server.client();
  const res = await c.post('/api/login/', { email, password: STRONG_PASSWORD });
  assert.equal(res.status, 401, res.text);
  assert.equal(res.body.code, '2fa_required');
  return c;
}

describe('security.md 11: second factor back-off, per user, persisted', () => {
  test('5 free failures, then 2^(n-5) s between tries; a restart keeps the count; a success resets it', async () => {
    let s = await boot();
    const user = await s.fixtures.user();
    const secret = s.fixtures.totp(user.id);
    let c = await passwordStep(s, user.email);
    const token = async (code: string) => c.post('/api/login/token/', { token: code });

    for (let i = 0; i < 5; i++) {
      const res = await token(await wrongCode(secret, s.server.clock.now()));
      assert.equal(res.status, 400, res.text);
      assert.equal(res.body.code, 'token_invalid');
    }
    // Even the right code waits: the back-off is checked before the code.
    assert.equal(assertThrottled(await token(await totpAt(secret, s.server.clock.now())), '6th'), 1);

    const cookies = new Map(c.cookies);
    s = await s.restart();
    c = s.server.client();
    for (const [k, v] of cookies) c.cookies.set(k, v);
    assert.equal(
      assertThrottled(await token(await totpAt(secret, s.server.clock.now())), 'after restart'),
      1,
    );

    s.server.clock.advance(1000);
    assert.equal((await token(await wrongCode(secret, s.server.clock.now()))).status, 400);
    assert.equal(assertThrottled(await token('000000'), '7th'), 2);
    s.server.clock.advance(2000);
    const ok = await token(await totpAt(secret, s.server.clock.now()));
    assert.equal(ok.status, 200, ok.text);
    const row = s.fixtures.deps.repos.throttles.get(`2fa:${user.id}`);
    assert.equal(row, undefined, 'a success resets the count');
  });

  test('an attacker trying as fast as allowed gets < 100 guesses in any hour, and is locked out at 100 failures', async () => {
    const s = await boot();
    const user = await s.fixtures.user();
    const secret = s.fixtures.totp(user.id);
    // The attacker knows the password (the worst case): each password step, valid 10 minutes, is
    // made directly rather than through a 300 ms scrypt login, so 80 simulated hours stay fast.
    const freshPasswordStep = () => s.fixtures.client(s.fixtures.pendingSession(user.id));
    let c = freshPasswordStep();
    const admitted: number[] = [];
    const start = s.server.clock.now();
    let locked: HttpResponse | undefined;
    for (let request = 0; request < 1000 && !locked; request++) {
      const now = s.server.clock.now();
      const res = await c.post('/api/login/token/', { token: await wrongCode(secret, now) });
      // The half login lasts 10 minutes; then PostHog's 400 2fa_expired asks for the password again.
      if (res.status === 400 && res.body.code === '2fa_expired') c = freshPasswordStep();
      else if (res.status === 400) admitted.push(now);
      else if (res.status === 429) s.server.clock.advance(assertThrottled(res, 'back-off') * 1000);
      else if (res.status === 401) c = freshPasswordStep();
      else if (res.status === 403) locked = res;
      else assert.fail(`unexpected ${res.status} ${res.text}`);
    }
    let worstHour = 0;
    for (let i = 0; i < admitted.length; i++) {
      worstHour = Math.max(
        worstHour,
        admitted.filter((t) => t >= admitted[i] && t < admitted[i] + 3_600_000).length,
      );
    }
    assert.ok(worstHour < 100, `at most ${worstHour} guesses in any hour`);
    assert.ok(worstHour <= 16, `django-otp's schedule allows 16 in the first hour, saw ${worstHour}`);
    assert.ok(locked, 'the 100-failure lock-out was reached');
    assert.equal(admitted.length, 100);
    assert.equal(locked.body.code, '2fa_locked');
    assertErrorShape(403, locked.body, 'locked');
    // Locked: even the right authenticator code is refused without being checked.
    const hours = (s.server.clock.now() - start) / 3_600_000;
    assert.ok(hours > 80, `100 failures took ${hours.toFixed(1)} simulated hours`);
    s.server.clock.advance(3_600_000);
    c = freshPasswordStep();
    const right = await c.post('/api/login/token/', { token: await totpAt(secret, s.server.clock.now()) });
    assert.equal(right.status, 403);
    assert.equal(right.body.code, '2fa_locked');
    assert.ok(totpStepAt(s.server.clock.now()) > 0);
  });
});

// Last, so it runs after the hooks above have stopped their servers.
after(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});
