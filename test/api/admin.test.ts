import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Messages } from '../../shared/errors.js';
import { STRONG_PASSWORD, createKey, uniqueEmail } from '../helpers/accounts.js';
import type { TestServer } from '../helpers/server.js';
import { type Account, assertError, denied, member, serverWithStaff, validation } from './support.js';

/** Staff-only extensions behind the admin screen: create users, signup switch, another user's keys. */
let server: TestServer;
let staff: Account;

before(async () => {
  ({ server, staff } = await serverWithStaff());
});
after(async () => {
  assert.deepEqual(server.logs, []);
  await server.stop();
});

describe('POST /api/users/ (create an account)', () => {
  test('staff create a member who can then sign in', async () => {
    const email = uniqueEmail('created');
    const res = await staff.client.post('/api/users/', {
      email,
      password: STRONG_PASSWORD,
      first_name: 'Grace',
    });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.email, email);
    assert.equal(res.body.is_staff, false);
    assert.equal(res.body.organization.membership_level, 1);
    const login = await server.client().post('/api/login/', { email, password: STRONG_PASSWORD });
    assert.equal(login.status, 200);
  });

  test('the contract rules apply: a taken email, a weak password', async () => {
    assertError(
      await staff.client.post('/api/users/', { email: staff.email, password: STRONG_PASSWORD }),
      400,
      validation('unique', Messages.emailTaken, 'email'),
    );
    const weak = await staff.client.post('/api/users/', { email: uniqueEmail(), password: 'short' });
    assert.equal(weak.status, 400);
    assert.equal(weak.body.attr, 'password');
  });

  test('a member gets 403, a key gets the session-only 403', async () => {
    const m = await member(server);
    assertError(
      await m.client.post('/api/users/', { email: uniqueEmail(), password: STRONG_PASSWORD }),
      403,
      denied(Messages.notStaff),
    );
    const key = await createKey(staff.client, ['*']);
    assertError(
      await server.client().post('/api/users/', { email: uniqueEmail(), password: STRONG_PASSWORD }, { key }),
      403,
      denied(Messages.keyNotSupported),
    );
  });
});

describe('instance settings', () => {
  test('staff turn open signup on, and signup then works for a second account', async () => {
    assert.deepEqual((await staff.client.get('/api/instance_settings/')).body, { signup_allowed: false });
    const refused = await server
      .client()
      .post('/api/signup/', { email: uniqueEmail(), password: STRONG_PASSWORD, first_name: 'X' });
    assert.equal(refused.status, 403);
    const on = await staff.client.patch('/api/instance_settings/', { signup_allowed: true });
    assert.deepEqual(on.body, { signup_allowed: true });
    const preflight = await server.client().get('/_preflight/');
    assert.equal(preflight.body.signup_allowed, true);
    const joined = await server
      .client()
      .post('/api/signup/', { email: uniqueEmail(), password: STRONG_PASSWORD, first_name: 'Y' });
    assert.equal(joined.status, 201);
    assert.equal(joined.body.is_staff, false, 'later signups are members');
    await staff.client.patch('/api/instance_settings/', { signup_allowed: false });
  });

  test('members cannot read or change them; bad values are 400', async () => {
    const m = await member(server);
    assertError(await m.client.get('/api/instance_settings/'), 403, denied(Messages.notStaff));
    assertError(
      await m.client.patch('/api/instance_settings/', { signup_allowed: true }),
      403,
      denied(Messages.notStaff),
    );
    assertError(
      await staff.client.patch('/api/instance_settings/', { signup_allowed: 'yes' }),
      400,
      validation('invalid_input', 'Must be a valid boolean.', 'signup_allowed'),
    );
  });
});

describe("GET /api/users/:uuid/personal_api_keys/ (another user's keys, masked)", () => {
  test("staff see a member's keys masked; the member sees their own; others get 403", async () => {
    const m = await member(server);
    const value = await createKey(m.client, ['user:read'], 'their tool');
    const res = await staff.client.get(`/api/users/${m.uuid}/personal_api_keys/`);
    assert.equal(res.status, 200);
    assert.equal(res.body.length, 1);
    assert.equal(res.body[0].label, 'their tool');
    assert.equal(res.body[0].mask_value, `phx_…${value.slice(-4)}`);
    assert.ok(!res.text.includes(value));
    assert.equal((await m.client.get('/api/users/@me/personal_api_keys/')).body.length, 1);
    const other = await member(server);
    assertError(
      await other.client.get(`/api/users/${m.uuid}/personal_api_keys/`),
      403,
      denied(Messages.meOnly),
    );
  });
});
