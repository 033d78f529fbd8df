import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Messages } from '../../shared/errors.js';
import { createKey, logIn } from '../helpers/accounts.js';
import type { TestServer } from '../helpers/server.js';
import { type Account, assertError, denied, member, serverWithStaff } from './support.js';

/** users-api.md §4 row 16: login sessions, session only. */
let server: TestServer;
let staff: Account;

before(async () => {
  ({ server, staff } = await serverWithStaff());
});
after(async () => {
  assert.deepEqual(server.logs, []);
  await server.stop();
});

const notAuthenticated = {
  type: 'authentication_error',
  code: 'not_authenticated',
  detail: Messages.notAuthenticated,
};
const FIREFOX = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0';

describe('login sessions', () => {
  test('GET lists [{id, created_at, last_activity, device, is_current}], the current one marked', async () => {
    const user = await member(server);
    const other = server.client();
    assert.equal(
      (
        await other.request('POST', '/api/login/', {
          json: { email: user.email, password: 'correct horse battery staple 42' },
          headers: { 'user-agent': FIREFOX },
        })
      ).status,
      200,
    );
    const res = await user.client.get('/api/users/@me/login_sessions/');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.length, 2);
    for (const s of res.body) {
      assert.deepEqual(Object.keys(s).sort(), ['created_at', 'device', 'id', 'is_current', 'last_activity']);
    }
    assert.equal(res.body.filter((s: { is_current: boolean }) => s.is_current).length, 1);
    assert.ok(res.body.some((s: { device: string }) => s.device === 'Firefox on macOS'));
    assert.ok(!res.text.includes(user.client.cookies.get('sessionid')!), 'never the session id itself');
  });

  test('DELETE …/login_sessions/:id/ signs that session out (204); unknown ids are 404', async () => {
    const user = await member(server);
    const phone = server.client();
    await logIn(phone, user.email);
    const list = (await user.client.get('/api/users/@me/login_sessions/')).body;
    const target = list.find((s: { is_current: boolean }) => !s.is_current);
    const res = await user.client.delete(`/api/users/@me/login_sessions/${target.id}/`);
    assert.equal(res.status, 204, res.text);
    assertError(await phone.get('/api/users/@me/'), 401, notAuthenticated);
    assertError(await user.client.delete(`/api/users/@me/login_sessions/${target.id}/`), 404, {
      type: 'invalid_request',
      code: 'not_found',
      detail: 'Not found.',
    });
    assert.equal((await user.client.delete('/api/users/@me/login_sessions/nope/')).status, 404);
  });

  test("another user's session id is 404 on your own path", async () => {
    const a = await member(server);
    const b = await member(server);
    const bSession = (await b.client.get('/api/users/@me/login_sessions/')).body[0];
    assert.equal((await a.client.delete(`/api/users/@me/login_sessions/${bSession.id}/`)).status, 404);
    assert.equal((await b.client.get('/api/users/@me/')).status, 200);
  });

  test('POST …/revoke_others/ signs out every other session and answers {revoked_count}', async () => {
    const user = await member(server);
    const laptop = server.client();
    const tablet = server.client();
    await logIn(laptop, user.email);
    await logIn(tablet, user.email);
    const res = await user.client.post('/api/users/@me/login_sessions/revoke_others/', {});
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body, { revoked_count: 2 });
    assertError(await laptop.get('/api/users/@me/'), 401, notAuthenticated);
    assertError(await tablet.get('/api/users/@me/'), 401, notAuthenticated);
    assert.equal((await user.client.get('/api/users/@me/')).status, 200);
    const events = (await user.client.get('/api/users/@me/activity/')).body.results;
    assert.equal(events[0].type, 'sessions_revoked');
  });

  test('session only: a key gets 403 This action does not support personal API key access', async () => {
    const user = await member(server);
    const key = await createKey(user.client, ['*']);
    assertError(
      await user.client.get('/api/users/@me/login_sessions/', { key }),
      403,
      denied(Messages.keyNotSupported),
    );
    assertError(
      await user.client.post('/api/users/@me/login_sessions/revoke_others/', {}, { key }),
      403,
      denied(Messages.keyNotSupported),
    );
    assertError(
      await user.client.delete('/api/users/@me/login_sessions/1/', { key }),
      403,
      denied(Messages.keyNotSupported),
    );
  });

  test("a member cannot read another user's sessions; staff can and may revoke them all", async () => {
    const user = await member(server);
    assertError(
      await user.client.get(`/api/users/${staff.uuid}/login_sessions/`),
      403,
      denied(Messages.meOnly),
    );
    const seen = await staff.client.get(`/api/users/${user.uuid}/login_sessions/`);
    assert.equal(seen.body.length, 1);
    assert.equal(seen.body[0].is_current, false);
    const res = await staff.client.post(`/api/users/${user.uuid}/login_sessions/revoke_others/`, {});
    assert.deepEqual(res.body, { revoked_count: 1 });
    assertError(await user.client.get('/api/users/@me/'), 401, notAuthenticated);
  });

  test('anonymous callers get 401', async () => {
    assertError(await server.client().get('/api/users/@me/login_sessions/'), 401, notAuthenticated);
  });
});
