/**
 * PostHog parity found by running PostHog's own test cases against Userdesk (issue 12): the codes
 * scripts written for PostHog match on. Through real HTTP; exact bodies.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, test } from 'node:test';
import { STRONG_PASSWORD } from '../helpers/accounts.js';
import { startTestServer, tempDir, type TestServer } from '../helpers/server.js';
import { Fixtures } from './support/fixtures.js';

const dataDir = tempDir('userdesk-parity-');
let server: TestServer;
let fixtures: Fixtures;
after(async () => {
  fixtures?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});
async function boot() {
  server ??= await startTestServer({ dataDir });
  fixtures ??= new Fixtures(dataDir, server.clock, server.url);
  return { server, fixtures };
}

test('verify_email with a code longer than 32 characters is 400 invalid_code', async () => {
  const { server } = await boot();
  const res = await server.client().post('/api/users/verify_email/', {
    uuid: '00000000-0000-4000-8000-000000000000',
    code: '1'.repeat(40),
  });
  assert.equal(res.status, 400, res.text);
  assert.deepEqual(res.body, {
    type: 'validation_error',
    code: 'invalid_code',
    detail: 'This verification code is invalid or has expired.',
    attr: 'code',
  });
});

test('/api/login/token after the 10-minute half-login expiry is 400 2fa_expired (PostHog)', async () => {
  const { server, fixtures } = await boot();
  const user = await fixtures.user();
  fixtures.totp(user.id);
  const client = fixtures.client(fixtures.pendingSession(user.id));
  server.clock.advance(10 * 60 * 1000 + 1000);
  const res = await client.post('/api/login/token/', { token: '123456' });
  assert.equal(res.status, 400, res.text);
  assert.deepEqual(res.body, {
    type: 'validation_error',
    code: '2fa_expired',
    detail: 'Login attempt has expired. Re-enter username/password.',
    attr: null,
  });
  assert.equal((await client.get('/api/users/@me/')).status, 401, 'the half login is gone');
});

test('a too-short password and an 11th key answer invalid_input, with the clearer detail', async () => {
  const { fixtures } = await boot();
  const user = await fixtures.user();
  const client = fixtures.client(fixtures.session(user.id));
  const short = await client.patch('/api/users/@me/', { current_password: STRONG_PASSWORD, password: 'abc' });
  assert.equal(short.status, 400, short.text);
  assert.deepEqual(short.body, {
    type: 'validation_error',
    code: 'invalid_input',
    detail: 'This password is too short. It must contain at least 8 characters.',
    attr: 'password',
  });
  for (let i = 0; i < 10; i++) fixtures.key(user.id);
  const eleventh = await client.post('/api/personal_api_keys/', { label: 'one too many', scopes: ['*'] });
  assert.equal(eleventh.status, 400, eleventh.text);
  assert.deepEqual(eleventh.body, {
    type: 'validation_error',
    code: 'invalid_input',
    detail: 'You can have at most 10 personal API keys. Delete one to create another.',
    attr: null,
  });
});

test('scene personalisation lists scenes in the order they were set, not by name', async () => {
  const { fixtures } = await boot();
  const user = await fixtures.user();
  const client = fixtures.client(fixtures.session(user.id));
  const dashboard = fixtures.deps.repos.dashboards.insert({
    team_id: user.current_team_id!,
    name: 'Main',
    created_by: user.id,
    created_at: fixtures.deps.clock.now(),
  });
  for (const scene of ['Zebra', 'Apple', 'Mango']) {
    const res = await client.post('/api/users/@me/scene_personalisation/', { scene, dashboard });
    assert.equal(res.status, 200, res.text);
  }
  const me = await client.get('/api/users/@me/');
  assert.deepEqual(
    me.body.scene_personalisation.map((s: { scene: string }) => s.scene),
    ['Zebra', 'Apple', 'Mango'],
  );
});
