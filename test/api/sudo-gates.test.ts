import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Messages } from '../../shared/errors.js';
import { createKey, logIn } from '../helpers/accounts.js';
import type { TestServer } from '../helpers/server.js';
import { type Account, assertError, denied, member, serverWithStaff } from './support.js';

/**
 * security.md 26, "sudo for lasting access": minting a key, deleting a user, revoking another
 * user's sessions and granting or removing staff need a login within the last 2 hours; a staff
 * key can never change who is staff. Each gate is tried with a session older than 2 h (403) and a
 * fresh one (success).
 */
let server: TestServer;
let staff: Account;

before(async () => {
  ({ server, staff } = await serverWithStaff());
});
after(async () => {
  assert.deepEqual(server.logs, []);
  await server.stop();
});

const reauth = denied(Messages.sensitiveReauth, 'sensitive_action_required_reauth');
const TWO_HOURS = 2 * 60 * 60 * 1000;

/** Makes every session of the server older than the 2-hour window. */
const age = () => server.clock.advance(TWO_HOURS + 1000);

/** A fresh session for an account that already exists. */
async function relogin(account: Account): Promise<Account> {
  const client = server.client();
  const res = await logIn(client, account.email);
  assert.equal(res.status, 200, res.text);
  return { ...account, client };
}

describe('personal API keys (security.md 26)', () => {
  test('creating a key needs a recent login', async () => {
    const user = await member(server);
    age();
    assertError(
      await user.client.post('/api/personal_api_keys/', { label: 'k', scopes: ['*'] }),
      403,
      reauth,
    );
    const fresh = await relogin(user);
    const res = await fresh.client.post('/api/personal_api_keys/', { label: 'k', scopes: ['*'] });
    assert.equal(res.status, 201, res.text);
  });

  test('rolling a key needs a recent login', async () => {
    const user = await member(server);
    const created = await user.client.post('/api/personal_api_keys/', { label: 'r', scopes: ['*'] });
    assert.equal(created.status, 201, created.text);
    age();
    assertError(await user.client.post(`/api/personal_api_keys/${created.body.id}/roll/`, {}), 403, reauth);
    const fresh = await relogin(user);
    const res = await fresh.client.post(`/api/personal_api_keys/${created.body.id}/roll/`, {});
    assert.equal(res.status, 200, res.text);
    assert.notEqual(res.body.value, created.body.value);
  });

  test('reading, relabelling and revoking keys stay open to an old session', async () => {
    const user = await member(server);
    const created = await user.client.post('/api/personal_api_keys/', { label: 'o', scopes: ['*'] });
    age();
    assert.equal((await user.client.get('/api/personal_api_keys/')).status, 200);
    assert.equal(
      (await user.client.patch(`/api/personal_api_keys/${created.body.id}/`, { label: 'p' })).status,
      200,
    );
    assert.equal((await user.client.delete(`/api/personal_api_keys/${created.body.id}/`)).status, 204);
  });
});

describe('deleting a user (security.md 26)', () => {
  test('staff deleting another user needs a recent login', async () => {
    const victim = await member(server);
    const admin = await relogin(staff);
    age();
    assertError(await admin.client.delete(`/api/users/${victim.uuid}/`), 403, reauth);
    const fresh = await relogin(staff);
    assert.equal((await fresh.client.delete(`/api/users/${victim.uuid}/`)).status, 204);
  });

  test('deleting yourself needs a recent login', async () => {
    const user = await member(server);
    age();
    assertError(await user.client.delete('/api/users/@me/'), 403, reauth);
    const fresh = await relogin(user);
    assert.equal((await fresh.client.delete('/api/users/@me/')).status, 204);
  });
});

describe("revoking another user's sessions (security.md 26)", () => {
  test('staff revoke_others for another user needs a recent login; your own does not', async () => {
    const user = await member(server);
    const admin = await relogin(staff);
    age();
    assertError(
      await admin.client.post(`/api/users/${user.uuid}/login_sessions/revoke_others/`, {}),
      403,
      reauth,
    );
    assert.equal((await user.client.post('/api/users/@me/login_sessions/revoke_others/', {})).status, 200);
    const fresh = await relogin(staff);
    const res = await fresh.client.post(`/api/users/${user.uuid}/login_sessions/revoke_others/`, {});
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.revoked_count, 1);
  });

  test("staff deleting one of another user's sessions needs a recent login; your own does not", async () => {
    const user = await member(server);
    const second = await relogin(user);
    const admin = await relogin(staff);
    const list = await admin.client.get(`/api/users/${user.uuid}/login_sessions/`);
    assert.equal(list.body.length, 2);
    const [a, b] = list.body as { id: number }[];
    age();
    assertError(await admin.client.delete(`/api/users/${user.uuid}/login_sessions/${a.id}/`), 403, reauth);
    const own = (await second.client.get('/api/users/@me/login_sessions/')).body.find(
      (s: { is_current: boolean }) => !s.is_current,
    );
    assert.equal((await second.client.delete(`/api/users/@me/login_sessions/${own.id}/`)).status, 204);
    const fresh = await relogin(staff);
    assert.equal((await fresh.client.delete(`/api/users/${user.uuid}/login_sessions/${b.id}/`)).status, 204);
  });
});

describe('granting or removing staff (security.md 26)', () => {
  test('a session needs a recent login to grant or remove staff', async () => {
    const user = await member(server);
    const admin = await relogin(staff);
    age();
    assertError(await admin.client.patch(`/api/users/${user.uuid}/`, { is_staff: true }), 403, reauth);
    const fresh = await relogin(staff);
    const granted = await fresh.client.patch(`/api/users/${user.uuid}/`, { is_staff: true });
    assert.equal(granted.status, 200, granted.text);
    assert.equal(granted.body.is_staff, true);
    const removed = await fresh.client.patch(`/api/users/${user.uuid}/`, { is_staff: false });
    assert.equal(removed.status, 200, removed.text);
    assert.equal(removed.body.is_staff, false);
  });

  test('a staff key can never grant or remove staff, even minted a minute ago', async () => {
    const user = await member(server);
    const admin = await relogin(staff);
    const key = await createKey(admin.client, ['*']);
    assertError(
      await admin.client.patch(`/api/users/${user.uuid}/`, { is_staff: true }, { key }),
      403,
      denied(Messages.staffFromAppOnly),
    );
    const other = await member(server, { staff: true });
    assertError(
      await admin.client.patch(`/api/users/${other.uuid}/`, { is_staff: false }, { key }),
      403,
      denied(Messages.staffFromAppOnly),
    );
    // Both unchanged, and a key may still send the value the user already has (a GET-then-PATCH script).
    const read = await admin.client.get(`/api/users/${user.uuid}/`);
    assert.equal(read.body.is_staff, false);
    assert.equal((await admin.client.get(`/api/users/${other.uuid}/`)).body.is_staff, true);
    const same = await admin.client.patch(
      `/api/users/${user.uuid}/`,
      { is_staff: false, first_name: 'Same' },
      { key },
    );
    assert.equal(same.status, 200, same.text);
  });

  test('a burst of staff grants from a key: every one refused', async () => {
    const admin = await relogin(staff);
    const key = await createKey(admin.client, ['user:write']);
    const users = await Promise.all([1, 2, 3, 4].map(() => member(server)));
    const answers = await Promise.all(
      users.map((u) => admin.client.patch(`/api/users/${u.uuid}/`, { is_staff: true }, { key })),
    );
    for (const res of answers) assertError(res, 403, denied(Messages.staffFromAppOnly));
  });
});
