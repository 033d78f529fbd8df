import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Messages } from '../../shared/errors.js';
import { createKey, logIn, STRONG_PASSWORD } from '../helpers/accounts.js';
import type { TestServer } from '../helpers/server.js';
import { type Account, assertError, denied, member, serverWithStaff, validation } from './support.js';

/** users-api.md §4 rows 18 (dashboards) and 19 (activity). */
let server: TestServer;
let staff: Account;

before(async () => {
  ({ server, staff } = await serverWithStaff());
});
after(async () => {
  assert.deepEqual(server.logs, []);
  await server.stop();
});

describe('dashboards of the current project', () => {
  test('a new install has "My App Dashboard", seen by every member of the project', async () => {
    const user = await member(server);
    for (const a of [staff, user]) {
      const res = await a.client.get('/api/projects/@current/dashboards/');
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.count, 1);
      assert.equal(res.body.results[0].name, 'My App Dashboard');
      assert.equal(res.body.next, null);
    }
  });

  test('POST {name} is 201 and the dashboard is listed; limit/offset page the list', async () => {
    const user = await member(server);
    const res = await user.client.post('/api/projects/@current/dashboards/', { name: 'Growth' });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.name, 'Growth');
    assert.equal(res.body.created_by, user.id);
    const page = await user.client.get('/api/projects/@current/dashboards/?limit=1&offset=1');
    assert.equal(page.body.results.length, 1);
    assert.ok(page.body.previous);
    const me = (await user.client.get('/api/users/@me/')).body;
    assert.equal((await user.client.get(`/api/projects/${me.team.id}/dashboards/`)).status, 200);
  });

  test('bad names are 400; unknown projects are 404', async () => {
    const user = await member(server);
    assertError(
      await user.client.post('/api/projects/@current/dashboards/', {}),
      400,
      validation('required', Messages.required, 'name'),
    );
    assertError(
      await user.client.post('/api/projects/@current/dashboards/', { name: '  ' }),
      400,
      validation('blank', 'This field may not be blank.', 'name'),
    );
    assert.equal((await user.client.get('/api/projects/99999/dashboards/')).status, 404);
    assert.equal((await user.client.get('/api/projects/abc/dashboards/')).status, 404);
  });

  test('keys: GET needs user:read, POST user:write', async () => {
    const user = await member(server);
    const read = await createKey(user.client, ['user:read']);
    assert.equal((await user.client.get('/api/projects/@current/dashboards/', { key: read })).status, 200);
    assertError(
      await user.client.post('/api/projects/@current/dashboards/', { name: 'k' }, { key: read }),
      403,
      denied("API key missing required scope 'user:write'"),
    );
    const write = await createKey(user.client, ['user:write']);
    assert.equal(
      (await user.client.post('/api/projects/@current/dashboards/', { name: 'k' }, { key: write })).status,
      201,
    );
  });
});

describe('activity log', () => {
  test('logins and failed logins are recorded, newest first, with the device and no password', async () => {
    const user = await member(server);
    const wrong = 'definitely the wrong password';
    assert.equal((await logIn(server.client(), user.email, wrong)).status, 400);
    assert.equal((await logIn(server.client(), user.email)).status, 200);
    const res = await user.client.get('/api/users/@me/activity/');
    assert.equal(res.status, 200, res.text);
    const types = res.body.results.map((e: { type: string }) => e.type);
    assert.deepEqual(types.slice(0, 3), ['login', 'login_failed', 'login']);
    const ids = res.body.results.map((e: { id: number }) => e.id);
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => b - a),
      'newest first',
    );
    for (const e of res.body.results) {
      assert.deepEqual(Object.keys(e).sort(), ['created_at', 'detail', 'device', 'id', 'ip', 'type']);
    }
    assert.ok(!res.text.includes(wrong) && !res.text.includes(STRONG_PASSWORD));
  });

  test('limit and offset page the log', async () => {
    const user = await member(server);
    await logIn(server.client(), user.email);
    await logIn(server.client(), user.email);
    const page = await user.client.get('/api/users/@me/activity/?limit=1&offset=1');
    assert.equal(page.body.results.length, 1);
    assert.ok(page.body.count >= 3);
    assert.ok(page.body.next && page.body.previous);
    assertError(
      await user.client.get('/api/users/@me/activity/?limit=0'),
      400,
      validation('min_value', 'Ensure this value is greater than or equal to 1.', 'limit'),
    );
  });

  test("a member reading another user's log gets 403; staff may read anyone's", async () => {
    const user = await member(server);
    assertError(await user.client.get(`/api/users/${staff.uuid}/activity/`), 403, denied(Messages.meOnly));
    const res = await staff.client.get(`/api/users/${user.uuid}/activity/`);
    assert.equal(res.status, 200);
    assert.ok(res.body.results.some((e: { type: string }) => e.type === 'login'));
  });

  test('session only: a key gets 403', async () => {
    const user = await member(server);
    const key = await createKey(user.client, ['*']);
    assertError(
      await user.client.get('/api/users/@me/activity/', { key }),
      403,
      denied(Messages.keyNotSupported),
    );
  });
});
