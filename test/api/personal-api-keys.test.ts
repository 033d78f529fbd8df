import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Messages } from '../../shared/errors.js';
import { createKey } from '../helpers/accounts.js';
import type { TestServer } from '../helpers/server.js';
import { type Account, assertError, denied, member, serverWithStaff, validation } from './support.js';

/** users-api.md §4 row 17 and §2 (keys in the Authorization header only, scopes). */
let server: TestServer;

before(async () => {
  ({ server } = await serverWithStaff());
});
after(async () => {
  assert.deepEqual(server.logs, []);
  await server.stop();
});

const invalidKey = {
  type: 'authentication_error',
  code: 'authentication_failed',
  detail: Messages.keyInvalid,
};
const create = (a: Account, body: unknown) => a.client.post('/api/personal_api_keys/', body);

describe('personal API keys', () => {
  test('POST {label, scopes} is 201 with the raw value; the list shows mask_value and never the value', async () => {
    const user = await member(server);
    const res = await create(user, { label: 'CI', scopes: ['user:read'] });
    assert.equal(res.status, 201, res.text);
    const { value, ...key } = res.body;
    assert.match(value, /^phx_[0-9A-Za-z]{43,}$/);
    assert.equal(key.mask_value, `phx_…${value.slice(-4)}`);
    assert.deepEqual(key.scopes, ['user:read']);
    assert.equal(key.last_used_at, null);
    const list = await user.client.get('/api/personal_api_keys/');
    assert.equal(list.status, 200);
    assert.deepEqual(list.body, [key]);
    assert.ok(!list.text.includes(value));
    const one = await user.client.get(`/api/personal_api_keys/${key.id}/`);
    assert.deepEqual(one.body, key);
  });

  test('the key authenticates in the Authorization header and last_used_at is recorded', async () => {
    const user = await member(server);
    const res = await create(user, { label: 'script', scopes: ['user:read'] });
    assert.equal(
      (await server.client().get('/api/users/@me/', { key: res.body.value })).body.uuid,
      user.uuid,
    );
    const listed = (await user.client.get('/api/personal_api_keys/')).body[0];
    assert.equal(listed.last_used_at, new Date(server.clock.now()).toISOString());
  });

  test('a bad scope is 400 Invalid scope: <s>', async () => {
    const user = await member(server);
    assertError(
      await create(user, { label: 'x', scopes: ['user:read', 'admin'] }),
      400,
      validation('invalid_input', 'Invalid scope: admin', 'scopes'),
    );
  });

  test('missing label or scopes is 400 required', async () => {
    const user = await member(server);
    assertError(
      await create(user, { scopes: ['*'] }),
      400,
      validation('required', Messages.required, 'label'),
    );
    assertError(await create(user, { label: 'x' }), 400, validation('required', Messages.required, 'scopes'));
  });

  test('at most 10 keys per user', async () => {
    const user = await member(server);
    for (let i = 0; i < 10; i++)
      assert.equal((await create(user, { label: `k${i}`, scopes: ['*'] })).status, 201);
    const res = await create(user, { label: 'eleventh', scopes: ['*'] });
    assert.equal(res.status, 400, res.text);
    assert.equal(res.body.code, 'invalid_input');
  });

  test('PATCH changes label and scopes (and never returns the value)', async () => {
    const user = await member(server);
    const { body } = await create(user, { label: 'old', scopes: ['user:read'] });
    const res = await user.client.patch(`/api/personal_api_keys/${body.id}/`, {
      label: 'new',
      scopes: ['user:write'],
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.label, 'new');
    assert.deepEqual(res.body.scopes, ['user:write']);
    assert.ok(!('value' in res.body));
    assertError(
      await user.client.patch(`/api/personal_api_keys/${body.id}/`, { scopes: ['root'] }),
      400,
      validation('invalid_input', 'Invalid scope: root', 'scopes'),
    );
  });

  test('roll returns a new value; the old one stops working at once', async () => {
    const user = await member(server);
    const { body } = await create(user, { label: 'rolled', scopes: ['*'] });
    const res = await user.client.post(`/api/personal_api_keys/${body.id}/roll/`, {});
    assert.equal(res.status, 200, res.text);
    assert.notEqual(res.body.value, body.value);
    assert.ok(res.body.last_rolled_at);
    assertError(await server.client().get('/api/users/@me/', { key: body.value }), 401, invalidKey);
    assert.equal((await server.client().get('/api/users/@me/', { key: res.body.value })).status, 200);
  });

  test('DELETE revokes the key (204); then it is 401 and the id 404', async () => {
    const user = await member(server);
    const { body } = await create(user, { label: 'gone', scopes: ['*'] });
    assert.equal((await user.client.delete(`/api/personal_api_keys/${body.id}/`)).status, 204);
    assertError(await server.client().get('/api/users/@me/', { key: body.value }), 401, invalidKey);
    assertError(await user.client.delete(`/api/personal_api_keys/${body.id}/`), 404, {
      type: 'invalid_request',
      code: 'not_found',
      detail: 'Not found.',
    });
  });

  test("another user's key id is 404", async () => {
    const a = await member(server);
    const b = await member(server);
    const { body } = await create(b, { label: 'b', scopes: ['*'] });
    for (const res of [
      await a.client.get(`/api/personal_api_keys/${body.id}/`),
      await a.client.patch(`/api/personal_api_keys/${body.id}/`, { label: 'mine' }),
      await a.client.post(`/api/personal_api_keys/${body.id}/roll/`, {}),
      await a.client.delete(`/api/personal_api_keys/${body.id}/`),
    ]) {
      assert.equal(res.status, 404, res.text);
    }
  });

  test('session only: a key cannot list, create, roll or delete keys', async () => {
    const user = await member(server);
    const key = await createKey(user.client, ['*']);
    assertError(
      await user.client.get('/api/personal_api_keys/', { key }),
      403,
      denied(Messages.keyNotSupported),
    );
    assertError(
      await user.client.post('/api/personal_api_keys/', { label: 'x', scopes: ['*'] }, { key }),
      403,
      denied(Messages.keyNotSupported),
    );
  });

  test('create, roll and delete are activity events that never carry the value', async () => {
    const user = await member(server);
    const { body } = await create(user, { label: 'audited', scopes: ['*'] });
    const rolled = (await user.client.post(`/api/personal_api_keys/${body.id}/roll/`, {})).body;
    await user.client.delete(`/api/personal_api_keys/${body.id}/`);
    const events = (await user.client.get('/api/users/@me/activity/')).body.results;
    const types = events.map((e: { type: string }) => e.type);
    for (const t of ['personal_api_key_created', 'personal_api_key_rolled', 'personal_api_key_deleted'])
      assert.ok(types.includes(t), t);
    const dump = JSON.stringify(events);
    assert.ok(!dump.includes(body.value) && !dump.includes(rolled.value));
  });
});

describe('keys and scopes (§2)', () => {
  test('a key in the query string or the body is refused with 401', async () => {
    const user = await member(server);
    const key = await createKey(user.client, ['*']);
    assertError(await server.client().get(`/api/users/@me/?personal_api_key=${key}`), 401, {
      type: 'authentication_error',
      code: 'authentication_failed',
      detail: Messages.keyNotInHeader,
    });
    assertError(
      await server.client().patch('/api/users/@me/', { personal_api_key: key, first_name: 'x' }),
      401,
      { type: 'authentication_error', code: 'authentication_failed', detail: Messages.keyNotInHeader },
    );
  });

  test('user:write also satisfies user:read; a user:read key cannot write', async () => {
    const user = await member(server);
    const write = await createKey(user.client, ['user:write']);
    assert.equal((await server.client().get('/api/users/@me/', { key: write })).status, 200);
    const read = await createKey(user.client, ['user:read']);
    assertError(
      await server.client().patch('/api/users/@me/', { first_name: 'x' }, { key: read }),
      403,
      denied("API key missing required scope 'user:write'"),
    );
  });
});
