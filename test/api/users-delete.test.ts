import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Messages } from '../../shared/errors.js';
import { createKey } from '../helpers/accounts.js';
import type { TestServer } from '../helpers/server.js';
import { type Account, assertError, denied, member, serverWithStaff, withDeps } from './support.js';

/** users-api.md §4 row 4 (Deviation): delete a user and everything they own. */
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

describe('DELETE /api/users/:uuid/', () => {
  test('a personal API key gets 401, even with every scope', async () => {
    const user = await member(server);
    const key = await createKey(user.client, ['*']);
    assertError(await user.client.delete('/api/users/@me/', { key }), 401, notAuthenticated);
  });

  test('deleting yourself removes the user, memberships, keys, push tokens and sessions', async () => {
    const user = await member(server);
    const key = await createKey(user.client, ['*']);
    assert.equal(
      (
        await user.client.post(
          '/api/users/@me/push_tokens/',
          { token: 'device-token-123456', platform: 'ios' },
          { key },
        )
      ).status,
      200,
    );
    const res = await user.client.delete('/api/users/@me/');
    assert.equal(res.status, 204, res.text);
    assert.equal(res.text, '');
    assertError(await user.client.get('/api/users/@me/'), 401, notAuthenticated);
    assertError(await server.client().get('/api/users/@me/', { key }), 401, {
      type: 'authentication_error',
      code: 'authentication_failed',
      detail: Messages.keyInvalid,
    });
    assertError(await staff.client.get(`/api/users/${user.uuid}/`), 404, {
      type: 'invalid_request',
      code: 'not_found',
      detail: 'Not found.',
    });
    const left = withDeps(server, (deps) => ({
      memberships: deps.repos.memberships.forUser(user.id).length,
      keys: deps.repos.personalApiKeys.countForUser(user.id),
      tokens: deps.repos.pushTokens.countForUser(user.id),
      sessions: deps.db.prepare('SELECT count(*) AS n FROM sessions WHERE user_id = ?').get(user.id),
      events: deps.repos.activityEvents.countForUser(user.id),
    }));
    assert.deepEqual(left, { memberships: 0, keys: 0, tokens: 0, sessions: { n: 0 }, events: 0 });
  });

  test('a non-staff user cannot delete someone else: 403', async () => {
    const user = await member(server);
    assertError(await user.client.delete(`/api/users/${staff.uuid}/`), 403, denied(Messages.meOnly));
  });

  test('staff may delete another user; the deletion stays in the staff log', async () => {
    const user = await member(server);
    assert.equal((await staff.client.delete(`/api/users/${user.uuid}/`)).status, 204);
    assertError(await user.client.get('/api/users/@me/'), 401, notAuthenticated);
    const events = (await staff.client.get('/api/users/@me/activity/')).body.results;
    assert.ok(
      events.some(
        (e: { type: string; detail: { user?: string } }) =>
          e.type === 'user_deleted' && e.detail.user === user.uuid,
      ),
    );
  });

  test('the last staff user cannot be deleted: 409 conflict', async () => {
    assertError(await staff.client.delete('/api/users/@me/'), 409, {
      type: 'server_error',
      code: 'conflict',
      detail: Messages.lastStaffUser,
    });
    const other = await member(server, { staff: true });
    assert.equal(
      (await other.client.delete(`/api/users/${staff.uuid}/`)).status,
      204,
      'with two staff users, one may go',
    );
    assertError(await other.client.delete('/api/users/@me/'), 409, {
      type: 'server_error',
      code: 'conflict',
      detail: Messages.lastStaffUser,
    });
  });
});
