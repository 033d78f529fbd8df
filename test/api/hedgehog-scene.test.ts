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

/** users-api.md §4 rows 5 (hedgehog_config) and 6 (scene_personalisation). */
let server: TestServer;
let staff: Account;
let user: Account;
let dashboardId: number;

before(async () => {
  ({ server, staff } = await serverWithStaff());
  user = await member(server);
  const list = await user.client.get('/api/projects/@current/dashboards/');
  dashboardId = list.body.results[0].id;
});
after(async () => {
  assert.deepEqual(server.logs, []);
  await server.stop();
});

describe('hedgehog_config', () => {
  test('GET returns {} before anything is stored', async () => {
    const res = await user.client.get('/api/users/@me/hedgehog_config/');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {});
  });

  test('PATCH stores the body verbatim and returns it; GET and the user object read it back', async () => {
    const config = {
      enabled: true,
      color: null,
      accessories: ['hat'],
      nested: { walking: false, speed: 1.5 },
    };
    const res = await user.client.patch('/api/users/@me/hedgehog_config/', config);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body, config);
    assert.deepEqual((await user.client.get('/api/users/@me/hedgehog_config/')).body, config);
    assert.deepEqual((await user.client.get('/api/users/@me/')).body.hedgehog_config, config);
  });

  test('keys: GET needs user:read, PATCH needs user:write', async () => {
    const read = await createKey(user.client, ['user:read']);
    assert.equal((await user.client.get('/api/users/@me/hedgehog_config/', { key: read })).status, 200);
    assertError(
      await user.client.patch('/api/users/@me/hedgehog_config/', { a: 1 }, { key: read }),
      403,
      denied("API key missing required scope 'user:write'"),
    );
    const write = await createKey(user.client, ['user:write']);
    assert.equal(
      (await user.client.patch('/api/users/@me/hedgehog_config/', { a: 1 }, { key: write })).status,
      200,
    );
  });

  test('@me rules apply: another uuid is 403 for a member, fine for staff', async () => {
    assertError(
      await user.client.get(`/api/users/${staff.uuid}/hedgehog_config/`),
      403,
      denied(Messages.meOnly),
    );
    assert.deepEqual((await staff.client.get(`/api/users/${user.uuid}/hedgehog_config/`)).body, { a: 1 });
  });

  test('a body that is not an object is 400', async () => {
    const res = await user.client.patch('/api/users/@me/hedgehog_config/', [1, 2]);
    assert.equal(res.status, 400, res.text);
    assert.equal(res.body.type, 'validation_error');
  });
});

describe('scene_personalisation', () => {
  const post = (body: unknown, client = user.client) =>
    client.post('/api/users/@me/scene_personalisation/', body);

  test('stores {scene, dashboard} for the current project and returns the user', async () => {
    const res = await post({ scene: 'ProductAnalytics', dashboard: dashboardId });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.scene_personalisation, [{ scene: 'ProductAnalytics', dashboard: dashboardId }]);
    assert.equal(res.body.uuid, user.uuid);
  });

  test('upserts on (current team, user, scene)', async () => {
    const other = await user.client.post('/api/projects/@current/dashboards/', { name: 'Second' });
    assert.equal(other.status, 201, other.text);
    const res = await post({ scene: 'ProductAnalytics', dashboard: other.body.id });
    assert.deepEqual(res.body.scene_personalisation, [
      { scene: 'ProductAnalytics', dashboard: other.body.id },
    ]);
    const more = await post({ scene: 'WebAnalytics', dashboard: String(dashboardId) });
    assert.equal(more.body.scene_personalisation.length, 2);
  });

  test('missing dashboard or scene: 400 with PostHog sentences and attr null', async () => {
    assertError(await post({ scene: 'x' }), 400, validation('invalid_input', 'Dashboard must be provided.'));
    assertError(
      await post({ dashboard: dashboardId }),
      400,
      validation('invalid_input', 'Scene must be provided.'),
    );
    assertError(await post({}), 400, validation('invalid_input', 'Dashboard must be provided.'));
  });

  test('an unknown dashboard is 400 does_not_exist', async () => {
    assertError(
      await post({ scene: 'x', dashboard: 987654 }),
      400,
      validation('does_not_exist', 'Object with id=987654 does not exist.', 'dashboard'),
    );
  });

  test("a dashboard of another project is 400: it must belong to the user's current team", async () => {
    const foreign = withDeps(server, (deps) => {
      const org = deps.repos.organizations.first()!;
      const teamId = deps.repos.teams.insert({
        uuid: '4a9d3f8e-1c2b-4d5e-8f60-7a8b9c0d1e2f',
        organization_id: org.id,
        name: 'Other project',
        api_token: 'phc_otherprojecttoken',
        created_at: server.clock.now(),
      });
      return deps.repos.dashboards.insert({
        team_id: teamId,
        name: 'Elsewhere',
        created_by: null,
        created_at: server.clock.now(),
      });
    });
    assertError(
      await post({ scene: 'x', dashboard: foreign }),
      400,
      validation('invalid_input', Messages.dashboardWrongTeam, 'dashboard'),
    );
  });

  test('dashboard: null is a 400, not a crash (Deviation)', async () => {
    assertError(
      await post({ scene: 'x', dashboard: null }),
      400,
      validation('null', 'This field may not be null.', 'dashboard'),
    );
  });

  test('scene over 200 characters, blank or not a string is 400 on attr scene', async () => {
    assertError(
      await post({ scene: 's'.repeat(201), dashboard: dashboardId }),
      400,
      validation('max_length', 'Ensure this field has no more than 200 characters.', 'scene'),
    );
    assertError(
      await post({ scene: '', dashboard: dashboardId }),
      400,
      validation('blank', 'This field may not be blank.', 'scene'),
    );
    assertError(
      await post({ scene: 5, dashboard: dashboardId }),
      400,
      validation('invalid_input', 'Not a valid string.', 'scene'),
    );
    assertError(
      await post({ scene: 'x', dashboard: 'abc' }),
      400,
      validation('incorrect_type', 'Incorrect type. Expected a dashboard id.', 'dashboard'),
    );
  });

  test('session only: a key gets 403 This action does not support personal API key access', async () => {
    const key = await createKey(user.client, ['*']);
    assertError(
      await user.client.post(
        '/api/users/@me/scene_personalisation/',
        { scene: 'x', dashboard: dashboardId },
        { key },
      ),
      403,
      denied(Messages.keyNotSupported),
    );
  });
});
