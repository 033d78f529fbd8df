/**
 * The second-factor throttle through real HTTP (users-api.md §2, security.md 11): 5 free failures,
 * then 2^(n−5) s between tries, shared by /api/login/token and two_factor_validate, counted before
 * the code is checked (parallel guesses), persisted across a restart, reset by a success; the
 * 100-failure lock; single use of TOTP steps and backup codes under concurrency.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { createDeps } from '../../main/domain/create-deps.js';
import { secondFactorThrottleKey } from '../../main/domain/second-factor-guard.js';
import { totpAt } from '../../main/domain/totp.js';
import { signUp } from '../helpers/accounts.js';
import { createUserDirect } from '../helpers/direct.js';
import { startTestServer, tempDir, type TestServer } from '../helpers/server.js';
import { enrol, pendingClient, STEP_MS, TOKEN_INVALID, wrongCode } from './two-factor-helpers.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
  await signUp(server.client()); // the staff owner; the tests use later accounts
});
after(() => server.stop());

/** A user with 2FA enabled and a signed-in client. */
async function enrolledUser() {
  const { email, id } = await createUserDirect(server.dataDir);
  const client = await (async () => {
    const c = server.client();
    const res = await c.post('/api/login/', { email, password: 'correct horse battery staple 42' });
    assert.equal(res.status, 200, res.text);
    return c;
  })();
  const secret = await enrol(server, client);
  return { email, id, client, secret };
}

const throttled = (seconds: number) => ({
  type: 'throttled_error',
  code: 'throttled',
  detail: `Request was throttled. Expected available in ${seconds} seconds.`,
  attr: null,
});

describe('second-factor throttle', () => {
  test('429 within 12 wrong codes, then 2^(n-5) s between tries; a success resets it', async () => {
    const { email, secret } = await enrolledUser();
    const c = await pendingClient(server, email);
    const statuses: number[] = [];
    let first429;
    for (let i = 0; i < 12; i++) {
      const res = await c.post('/api/login/token/', { token: await wrongCode(secret, server.clock.now()) });
      statuses.push(res.status);
      if (res.status === 429 && !first429) first429 = res;
    }
    assert.deepEqual(statuses.slice(0, 5), [400, 400, 400, 400, 400]);
    assert.ok(first429, 'a 429 within 12 wrong codes');
    assert.equal(statuses[5], 429);
    assert.deepEqual(first429.body, throttled(1));
    assert.equal(first429.headers['retry-after'], '1');

    server.clock.advance(1000);
    assert.deepEqual((await c.post('/api/login/token/', { token: '000001' })).body.code, 'token_invalid');
    const wait2 = await c.post('/api/login/token/', { token: '000001' });
    assert.equal(wait2.status, 429);
    assert.equal(wait2.headers['retry-after'], '2');
    // Even the right code waits: the back-off is checked before the code.
    server.clock.advance(1000);
    const early = await c.post('/api/login/token/', {
      token: await totpAt(secret, server.clock.now() + STEP_MS),
    });
    assert.equal(early.status, 429);
    assert.equal(early.headers['retry-after'], '1');

    server.clock.advance(1000 + STEP_MS);
    const ok = await c.post('/api/login/token/', { token: await totpAt(secret, server.clock.now()) });
    assert.equal(ok.status, 200, ok.text);
    // Reset: five free failures again.
    const d = await pendingClient(server, email);
    for (let i = 0; i < 5; i++) {
      const res = await d.post('/api/login/token/', { token: await wrongCode(secret, server.clock.now()) });
      assert.deepEqual(res.body, TOKEN_INVALID);
    }
    assert.equal((await d.post('/api/login/token/', { token: '123' })).status, 429);
  });

  test('enrolment and login share one counter', async () => {
    const { email, client, secret } = await enrolledUser();
    server.clock.advance(STEP_MS);
    // Re-enrolment from the signed-in session: three wrong codes for the new secret…
    const start = await client.get('/api/users/@me/two_factor_start_setup/');
    for (let i = 0; i < 3; i++) {
      const res = await client.post('/api/users/@me/two_factor_validate/', {
        token: await wrongCode(start.body.secret, server.clock.now()),
      });
      assert.deepEqual(res.body, TOKEN_INVALID);
    }
    // …two more at login make five: the sixth try, wherever it comes from, waits.
    const c = await pendingClient(server, email);
    for (let i = 0; i < 2; i++) {
      assert.equal(
        (await c.post('/api/login/token/', { token: await wrongCode(secret, server.clock.now()) })).status,
        400,
      );
    }
    const res = await client.post('/api/users/@me/validate_2fa/', {
      token: await totpAt(start.body.secret, server.clock.now()),
    });
    assert.equal(res.status, 429);
    assert.equal(
      (await c.post('/api/login/token/', { token: await totpAt(secret, server.clock.now()) })).status,
      429,
    );
  });

  test('parallel wrong guesses: only the 5 free tries are checked, the rest are 429', async () => {
    const { email, secret } = await enrolledUser();
    const c = await pendingClient(server, email);
    const token = await wrongCode(secret, server.clock.now());
    const results = await Promise.all(
      Array.from({ length: 20 }, () => c.post('/api/login/token/', { token })),
    );
    const statuses = results.map((r) => r.status).sort();
    assert.equal(statuses.filter((s) => s === 400).length, 5, statuses.join(','));
    assert.equal(statuses.filter((s) => s === 429).length, 15, statuses.join(','));
  });

  test('parallel uses of one TOTP code or one backup code: exactly one wins', async () => {
    const { email, client, secret } = await enrolledUser();
    const codes = (await client.post('/api/users/@me/two_factor_backup_codes/')).body
      .backup_codes as string[];
    server.clock.advance(STEP_MS);
    const token = await totpAt(secret, server.clock.now());
    const clients = await Promise.all([0, 1, 2].map(() => pendingClient(server, email)));
    const totp = await Promise.all(clients.map((c) => c.post('/api/login/token/', { token })));
    assert.deepEqual(totp.map((r) => r.status).sort(), [200, 400, 400]);

    const more = await Promise.all([0, 1, 2].map(() => pendingClient(server, email)));
    const backup = await Promise.all(more.map((c) => c.post('/api/login/token/', { token: codes[0] })));
    assert.deepEqual(backup.map((r) => r.status).sort(), [200, 400, 400]);
  });

  test('at 100 consecutive failures TOTP codes are locked; a backup code still signs in and unlocks', async () => {
    const { email, id, client, secret } = await enrolledUser();
    const codes = (await client.post('/api/users/@me/two_factor_backup_codes/')).body
      .backup_codes as string[];
    // 99 failures, the last long ago (3.5 days of back-off are not replayed here).
    const deps = createDeps({ dataDir: server.dataDir, log: () => {} });
    const past = server.clock.now() - 2 * 60 * 60 * 1000;
    deps.repos.throttles.put({
      key: secondFactorThrottleKey(id),
      count: 99,
      window_start: past,
      last_at: past,
    });
    deps.close();

    server.clock.advance(STEP_MS);
    const c = await pendingClient(server, email);
    assert.deepEqual(
      (await c.post('/api/login/token/', { token: await wrongCode(secret, server.clock.now()) })).body,
      TOKEN_INVALID,
    );
    assert.equal(
      (await c.post('/api/login/token/', { token: '123456' })).status,
      429,
      'one hour between tries',
    );

    server.clock.advance(60 * 60 * 1000);
    const d = await pendingClient(server, email);
    const locked = await d.post('/api/login/token/', { token: await totpAt(secret, server.clock.now()) });
    assert.equal(locked.status, 403);
    assert.equal(locked.body.type, 'authentication_error');
    assert.equal(locked.body.code, '2fa_locked');
    assert.match(locked.body.detail, /backup code/);
    const viaBackup = await d.post('/api/login/token/', { token: codes[1] });
    assert.equal(viaBackup.status, 200, viaBackup.text);

    server.clock.advance(STEP_MS);
    const e = await pendingClient(server, email);
    assert.equal(
      (await e.post('/api/login/token/', { token: await totpAt(secret, server.clock.now()) })).status,
      200,
    );
  });
});

describe('second-factor throttle across a restart', () => {
  test('the failures are persisted: a new server process still makes the next try wait', async () => {
    const dataDir = tempDir();
    let first: TestServer | undefined = await startTestServer({ dataDir });
    let second: TestServer | undefined;
    try {
      const owner = first.client();
      const { email } = await signUp(owner);
      const secret = await enrol(first, owner);
      const c = await pendingClient(first, email);
      for (let i = 0; i < 5; i++) {
        assert.equal(
          (await c.post('/api/login/token/', { token: await wrongCode(secret, first.clock.now()) })).status,
          400,
        );
      }
      await first.stop();
      first = undefined;
      second = await startTestServer({ dataDir });
      const d = await pendingClient(second, email);
      const res = await d.post('/api/login/token/', { token: await wrongCode(secret, second.clock.now()) });
      assert.equal(res.status, 429);
      assert.equal(res.headers['retry-after'], '1');
    } finally {
      await first?.stop();
      await second?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
