import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Messages } from '../../shared/errors.js';
import { createKey } from '../helpers/accounts.js';
import type { TestServer } from '../helpers/server.js';
import {
  type Account,
  assertError,
  denied,
  member,
  serverWithStaff,
  validation,
  withDeps,
} from './support.js';

/** users-api.md §4 rows 7–9: push tokens. */
let server: TestServer;
let staff: Account;

before(async () => {
  ({ server, staff } = await serverWithStaff());
});
after(async () => {
  assert.deepEqual(server.logs, []);
  await server.stop();
});

const register = (a: Account, body: unknown, path = '@me') =>
  a.client.post(`/api/users/${path}/push_tokens/`, body);
const unregister = (a: Account, body: unknown, path = '@me') =>
  a.client.post(`/api/users/${path}/push_tokens/unregister/`, body);
const tokensOf = (userId: number) => withDeps(server, (deps) => deps.repos.pushTokens.forUser(userId));

describe('register (row 7)', () => {
  test('200 {id, platform, created_at, last_seen_at}; the token is not echoed', async () => {
    const user = await member(server);
    const res = await register(user, { token: 'ExponentPushToken[abcdefghijklmnop]', platform: 'ios' });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(Object.keys(res.body).sort(), ['created_at', 'id', 'last_seen_at', 'platform']);
    assert.equal(res.body.platform, 'ios');
    assert.ok(!res.text.includes('abcdefghijklmnop'));
  });

  test('upsert on (user, token): same id, platform and last_seen_at refreshed, created_at kept', async () => {
    const user = await member(server);
    const first = (await register(user, { token: 'tok-upsert-0001', platform: 'ios' })).body;
    server.clock.advance(5000);
    const second = (await register(user, { token: 'tok-upsert-0001', platform: 'android' })).body;
    assert.equal(second.id, first.id);
    assert.equal(second.platform, 'android');
    assert.equal(second.created_at, first.created_at);
    assert.ok(Date.parse(second.last_seen_at) > Date.parse(first.last_seen_at));
    assert.equal(tokensOf(user.id).length, 1);
  });

  test('at most 20 per user: the least recently seen is evicted', async () => {
    const user = await member(server);
    for (let i = 0; i < 20; i++) {
      assert.equal((await register(user, { token: `cap-token-${i}`, platform: 'web' })).status, 200);
      server.clock.advance(1000);
    }
    // Seeing token 0 again makes token 1 the least recently seen.
    await register(user, { token: 'cap-token-0', platform: 'web' });
    server.clock.advance(1000);
    await register(user, { token: 'cap-token-20', platform: 'web' });
    const tokens = tokensOf(user.id).map((t) => t.token);
    assert.equal(tokens.length, 20);
    assert.ok(tokens.includes('cap-token-0') && tokens.includes('cap-token-20'));
    assert.ok(!tokens.includes('cap-token-1'));
  });

  test("only @me: another uuid, even the caller's own or from staff, is 403", async () => {
    const user = await member(server);
    const body = { token: 'tok-me-only-1', platform: 'ios' };
    for (const [who, path] of [
      [user, user.uuid],
      [staff, user.uuid],
      [staff, staff.uuid],
    ] as const) {
      assertError(await register(who, body, path), 403, denied(Messages.pushTokensMeOnly));
      assertError(await unregister(who, { token: 'x' }, path), 403, denied(Messages.pushTokensMeOnly));
      if (who !== staff) {
        assertError(
          await who.client.get(`/api/users/${path}/push_tokens/`),
          403,
          denied(Messages.pushTokensMeOnly),
        );
      }
    }
  });

  test("staff may read another user's list (admin view) but not manage it", async () => {
    const user = await member(server);
    await register(user, { token: 'ExponentPushToken[staff-reads-this]', platform: 'android' });
    const res = await staff.client.get(`/api/users/${user.uuid}/push_tokens/`);
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.map((t: { platform: string }) => t.platform),
      ['android'],
    );
    assert.ok(!res.text.includes('staff-reads-this'), 'only the preview is shown');
    assertError(
      await staff.client.delete(`/api/users/${user.uuid}/push_tokens/${res.body[0].id}/`),
      403,
      denied(Messages.pushTokensMeOnly),
    );
    const other = await member(server);
    assertError(
      await other.client.get(`/api/users/${user.uuid}/push_tokens/`),
      403,
      denied(Messages.pushTokensMeOnly),
    );
  });

  test('bad bodies are 400 on the field at fault', async () => {
    const user = await member(server);
    assertError(
      await register(user, { platform: 'ios' }),
      400,
      validation('required', Messages.required, 'token'),
    );
    assertError(
      await register(user, { token: 't' }),
      400,
      validation('required', Messages.required, 'platform'),
    );
    assertError(
      await register(user, { token: 't', platform: 'palm' }),
      400,
      validation('invalid_choice', '"palm" is not a valid choice.', 'platform'),
    );
    assertError(
      await register(user, { token: 'x'.repeat(513), platform: 'ios' }),
      400,
      validation('max_length', 'Ensure this field has no more than 512 characters.', 'token'),
    );
    assertError(
      await register(user, { token: '', platform: 'ios' }),
      400,
      validation('blank', 'This field may not be blank.', 'token'),
    );
  });

  test('keys: register needs user:write', async () => {
    const user = await member(server);
    const read = await createKey(user.client, ['user:read']);
    assertError(
      await user.client.post('/api/users/@me/push_tokens/', { token: 't1', platform: 'ios' }, { key: read }),
      403,
      denied("API key missing required scope 'user:write'"),
    );
    const write = await createKey(user.client, ['user:write']);
    assert.equal(
      (
        await user.client.post(
          '/api/users/@me/push_tokens/',
          { token: 't1', platform: 'ios' },
          { key: write },
        )
      ).status,
      200,
    );
  });
});

describe('unregister (row 8)', () => {
  test("204 when a row matched, 204 when none did, and another user's identical token is untouched", async () => {
    const a = await member(server);
    const b = await member(server);
    await register(a, { token: 'shared-device-token', platform: 'ios' });
    await register(b, { token: 'shared-device-token', platform: 'ios' });
    let res = await unregister(a, { token: 'shared-device-token' });
    assert.equal(res.status, 204);
    assert.equal(res.text, '');
    assert.equal(tokensOf(a.id).length, 0);
    assert.equal(tokensOf(b.id).length, 1);
    res = await unregister(a, { token: 'shared-device-token' });
    assert.equal(res.status, 204);
    res = await unregister(a, { token: 'never-registered' });
    assert.equal(res.status, 204);
  });

  test('token is required, not blank, at most 512 characters', async () => {
    const user = await member(server);
    assertError(await unregister(user, {}), 400, validation('required', Messages.required, 'token'));
    assertError(
      await unregister(user, { token: '' }),
      400,
      validation('blank', 'This field may not be blank.', 'token'),
    );
    assertError(
      await unregister(user, { token: 'y'.repeat(513) }),
      400,
      validation('max_length', 'Ensure this field has no more than 512 characters.', 'token'),
    );
  });
});

describe('list and delete (row 9, Extension)', () => {
  test('newest first, with token_preview and never the token; DELETE by id is 204, then 404', async () => {
    const user = await member(server);
    await register(user, { token: 'ExponentPushToken[first-device-xyz]', platform: 'ios' });
    server.clock.advance(1000);
    const second = (await register(user, { token: 'short-tok', platform: 'android' })).body;
    const res = await user.client.get('/api/users/@me/push_tokens/');
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.map((t: { platform: string }) => t.platform),
      ['android', 'ios'],
    );
    assert.deepEqual(Object.keys(res.body[0]).sort(), [
      'created_at',
      'id',
      'last_seen_at',
      'platform',
      'token_preview',
    ]);
    assert.equal(res.body[1].token_preview, 'Expo…xyz]');
    assert.ok(!res.text.includes('first-device') && !res.text.includes('short-tok'));
    assert.equal((await user.client.delete(`/api/users/@me/push_tokens/${second.id}/`)).status, 204);
    assertError(await user.client.delete(`/api/users/@me/push_tokens/${second.id}/`), 404, {
      type: 'invalid_request',
      code: 'not_found',
      detail: 'Not found.',
    });
    assert.equal((await user.client.delete('/api/users/@me/push_tokens/abc/')).status, 404);
  });

  test("a user cannot delete another user's token by id", async () => {
    const a = await member(server);
    const b = await member(server);
    const row = (await register(b, { token: 'b-device-token', platform: 'web' })).body;
    assert.equal((await a.client.delete(`/api/users/@me/push_tokens/${row.id}/`)).status, 404);
    assert.equal(tokensOf(b.id).length, 1);
  });

  test('registering, re-registering on a new platform and removing are activity events, without the token', async () => {
    const user = await member(server);
    await register(user, { token: 'audit-token-abcdef', platform: 'ios' });
    await register(user, { token: 'audit-token-abcdef', platform: 'ios' });
    await register(user, { token: 'audit-token-abcdef', platform: 'web' });
    await unregister(user, { token: 'audit-token-abcdef' });
    const events = (await user.client.get('/api/users/@me/activity/')).body.results;
    const types = events
      .map((e: { type: string }) => e.type)
      .filter((t: string) => t.startsWith('push_token'));
    assert.deepEqual(types, ['push_token_removed', 'push_token_registered', 'push_token_registered']);
    assert.ok(!JSON.stringify(events).includes('audit-token'));
  });
});
