import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Messages } from '../../shared/errors.js';
import { createKey } from '../helpers/accounts.js';
import type { TestServer } from '../helpers/server.js';
import { type Account, assertError, denied, member, serverWithStaff } from './support.js';

/**
 * Issue 12, "authorization before validation": a caller who may not use a route learns nothing
 * from its body or query rules — the refusal is the same whatever the body holds.
 */
let server: TestServer;
let staff: Account;
let alice: Account;

before(async () => {
  ({ server, staff } = await serverWithStaff());
  alice = await member(server);
});
after(async () => {
  assert.deepEqual(server.logs, []);
  await server.stop();
});

const notStaff = denied(Messages.notStaff);
const meOnly = denied(Messages.meOnly);

describe('staff-only routes refuse non-staff before reading the body', () => {
  test('POST /api/users/ with an empty, a partial and a full body: always 403', async () => {
    for (const body of [{}, { email: 'x@example.com' }, { email: 42, password: null }]) {
      assertError(await alice.client.post('/api/users/', body), 403, notStaff);
    }
  });

  test('PATCH /api/instance_settings/ with a bad body: 403', async () => {
    assertError(
      await alice.client.patch('/api/instance_settings/', { signup_allowed: 'nope' }),
      403,
      notStaff,
    );
  });
});

describe("a bad body naming another user's uuid is 403, as in PostHog", () => {
  test('PATCH and PUT /api/users/{uuid}/', async () => {
    assertError(await alice.client.patch(`/api/users/${staff.uuid}/`, { first_name: 5 }), 403, meOnly);
    assertError(await alice.client.put(`/api/users/${staff.uuid}/`, {}), 403, meOnly);
  });

  test('with a key too', async () => {
    const key = await createKey(alice.client, ['user:write']);
    assertError(
      await alice.client.patch(`/api/users/${staff.uuid}/`, { theme_mode: 'purple' }, { key }),
      403,
      meOnly,
    );
  });

  test('hedgehog config, scene personalisation, activity query', async () => {
    assertError(await alice.client.patch(`/api/users/${staff.uuid}/hedgehog_config/`, [1, 2]), 403, meOnly);
    assertError(
      await alice.client.post(`/api/users/${staff.uuid}/scene_personalisation/`, { scene: 5 }),
      403,
      meOnly,
    );
    assertError(await alice.client.get(`/api/users/${staff.uuid}/activity/?limit=abc`), 403, meOnly);
  });

  test('a burst of bad bodies at another uuid: every answer 403', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        alice.client.patch(`/api/users/${staff.uuid}/`, { first_name: i % 2 ? 5 : null }),
      ),
    );
    for (const res of answers) assertError(res, 403, meOnly);
  });
});
