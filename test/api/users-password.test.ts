import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { Messages } from '../../shared/errors.js';
import { createKey, logIn, STRONG_PASSWORD } from '../helpers/accounts.js';
import { HttpClient } from '../helpers/http-client.js';
import { startTestServer, tempDir, type TestServer } from '../helpers/server.js';
import { type Account, assertError, denied, member, serverWithStaff, validation } from './support.js';

/** users-api.md §3 "Password change" and the current_password throttle of §2. */
let server: TestServer;
let staff: Account;

before(async () => {
  ({ server, staff } = await serverWithStaff());
});
after(async () => {
  assert.deepEqual(server.logs, []);
  await server.stop();
});

const NEW_PASSWORD = 'violet lantern orbit 9 cascade';

describe('password change', () => {
  test('with a personal API key it is 403, session only', async () => {
    const user = await member(server);
    const key = await createKey(user.client, ['*']);
    const res = await user.client.patch(
      '/api/users/@me/',
      { password: NEW_PASSWORD, current_password: STRONG_PASSWORD },
      { key },
    );
    assertError(res, 403, denied(Messages.credentialsFromAppOnly));
  });

  test('current_password missing is 400 required on attr current_password', async () => {
    const user = await member(server);
    assertError(
      await user.client.patch('/api/users/@me/', { password: NEW_PASSWORD }),
      400,
      validation('required', Messages.currentPasswordRequired, 'current_password'),
    );
  });

  test('a wrong current_password is 400 incorrect_password', async () => {
    const user = await member(server);
    const res = await user.client.patch('/api/users/@me/', {
      password: NEW_PASSWORD,
      current_password: 'not my password',
    });
    assertError(
      res,
      400,
      validation('incorrect_password', Messages.currentPasswordIncorrect, 'current_password'),
    );
  });

  test('a new password under 8 characters is 400 on attr password with the contract sentence', async () => {
    const user = await member(server);
    const res = await user.client.patch('/api/users/@me/', {
      password: 'Ab1!x',
      current_password: STRONG_PASSWORD,
    });
    assert.equal(res.status, 400, res.text);
    assert.equal(res.body.attr, 'password');
    assert.equal(res.body.detail, 'This password is too short. It must contain at least 8 characters.');
  });

  test('a weak new password (zxcvbn score < 3) is 400 on attr password', async () => {
    const user = await member(server);
    for (const weak of ['password1', 'qwertyuiop', user.email]) {
      const res = await user.client.patch('/api/users/@me/', {
        password: weak,
        current_password: STRONG_PASSWORD,
      });
      assert.equal(res.status, 400, `${weak}: ${res.text}`);
      assert.equal(res.body.type, 'validation_error');
      assert.equal(res.body.attr, 'password');
    }
  });

  test('a blank new password is 400 blank', async () => {
    const user = await member(server);
    assertError(
      await user.client.patch('/api/users/@me/', { password: '', current_password: STRONG_PASSWORD }),
      400,
      validation('blank', 'This field may not be blank.', 'password'),
    );
  });

  test('success: the new password signs in, the old does not, other sessions end, this one stays', async () => {
    const user = await member(server);
    const laptop = server.client();
    assert.equal((await logIn(laptop, user.email)).status, 200);
    const res = await user.client.patch('/api/users/@me/', {
      password: NEW_PASSWORD,
      current_password: STRONG_PASSWORD,
    });
    assert.equal(res.status, 200, res.text);
    assert.ok(
      !('password' in res.body) && !('current_password' in res.body),
      'write-only fields are never echoed',
    );
    assert.equal(
      (await user.client.get('/api/users/@me/')).status,
      200,
      'the session that changed it survives',
    );
    assertError(await laptop.get('/api/users/@me/'), 401, {
      type: 'authentication_error',
      code: 'not_authenticated',
      detail: Messages.notAuthenticated,
    });
    assert.equal((await logIn(server.client(), user.email, STRONG_PASSWORD)).status, 400);
    assert.equal((await logIn(server.client(), user.email, NEW_PASSWORD)).status, 200);
    const events = (await user.client.get('/api/users/@me/activity/')).body.results;
    const changed = events.find((e: { type: string }) => e.type === 'password_changed');
    assert.ok(changed, 'password_changed is in the activity log');
    assert.equal(changed.detail.sessions_revoked, 1);
    const dump = JSON.stringify(events);
    assert.ok(!dump.includes(NEW_PASSWORD) && !dump.includes(STRONG_PASSWORD), 'no password in any event');
  });

  test('PUT with email, password and current_password changes the password', async () => {
    const user = await member(server);
    const res = await user.client.put('/api/users/@me/', {
      email: user.email,
      password: NEW_PASSWORD,
      current_password: STRONG_PASSWORD,
      first_name: 'Put',
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.first_name, 'Put');
    assert.equal((await logIn(server.client(), user.email, NEW_PASSWORD)).status, 200);
  });

  test("staff changing another user's password still needs that user's current password", async () => {
    const user = await member(server);
    assertError(
      await staff.client.patch(`/api/users/${user.uuid}/`, {
        password: NEW_PASSWORD,
        current_password: 'guess',
      }),
      400,
      validation('incorrect_password', Messages.currentPasswordIncorrect, 'current_password'),
    );
  });
});

describe('current_password throttle: 5 per minute per user, on any non-GET route', () => {
  test('the sixth request with current_password in a minute is 429 with Retry-After; other users are not affected', async () => {
    const user = await member(server);
    const other = await member(server);
    // The throttle counts the key's presence, whatever the route and whether the password is right.
    for (let i = 0; i < 3; i++) {
      assert.equal(
        (await user.client.patch('/api/users/@me/', { current_password: 'x', theme_mode: 'dark' })).status,
        200,
      );
    }
    for (let i = 0; i < 2; i++) {
      assert.equal(
        (await user.client.patch('/api/users/@me/hedgehog_config/', { current_password: 'x' })).status,
        200,
      );
    }
    const res = await user.client.patch('/api/users/@me/', {
      current_password: STRONG_PASSWORD,
      password: NEW_PASSWORD,
    });
    assert.equal(res.status, 429, res.text);
    assert.equal(res.body.type, 'throttled_error');
    assert.equal(res.body.code, 'throttled');
    assert.match(res.body.detail, /^Request was throttled\. Expected available in \d+ seconds\.$/);
    assert.ok(Number(res.headers['retry-after']) >= 1);
    assert.equal(
      (await user.client.patch('/api/users/@me/', { theme_mode: 'light' })).status,
      200,
      'without current_password: not throttled',
    );
    assert.equal((await other.client.patch('/api/users/@me/', { current_password: 'x' })).status, 200);
    server.clock.advance(61_000);
    assert.equal((await user.client.patch('/api/users/@me/', { current_password: 'x' })).status, 200);
  });

  test('the count survives a restart of the server', async () => {
    const dataDir = tempDir();
    let first: TestServer | undefined = await startTestServer({ dataDir });
    let second: TestServer | undefined;
    try {
      const client = first.client();
      const signup = await client.post('/api/signup/', {
        email: 'restart@example.com',
        password: STRONG_PASSWORD,
        first_name: 'R',
      });
      assert.equal(signup.status, 201, signup.text);
      for (let i = 0; i < 5; i++) await client.patch('/api/users/@me/', { current_password: 'x' });
      await first.stop();
      first = undefined;
      second = await startTestServer({ dataDir });
      const again = new HttpClient(second.url);
      for (const [k, v] of client.cookies) again.cookies.set(k, v);
      assert.equal((await again.patch('/api/users/@me/', { current_password: 'x' })).status, 429);
    } finally {
      await first?.stop();
      await second?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
