/**
 * Issue 13 §1: the caller and view caches must never serve anything stale. Every test first warms
 * the caches (and checks, through the hit counters, that the next read was served from them), then
 * changes something — through the API on this server's connection, or from another process (the
 * built CLI) — and expects the very next request to see it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Messages } from '../../shared/errors.js';
import { cacheCounters } from '../../main/domain/cache-stats.js';
import { logIn } from '../helpers/accounts.js';
import { HttpClient } from '../helpers/http-client.js';
import type { TestServer } from '../helpers/server.js';
import { assertError, member, serverWithStaff, type Account } from './support.js';
import { enrol } from './two-factor-helpers.js';

const CLI = path.resolve('dist/main/cli.js');
const KEY_INVALID = {
  type: 'authentication_error',
  code: 'authentication_failed',
  detail: Messages.keyInvalid,
};
const NOT_AUTHENTICATED = {
  type: 'authentication_error',
  code: 'not_authenticated',
  detail: Messages.notAuthenticated,
};

function cli(dataDir: string, args: string[]) {
  assert.ok(existsSync(CLI), 'dist/main/cli.js is missing: run `npm run build` first');
  const r = spawnSync(process.execPath, [CLI, ...args, '--data-dir', dataDir], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** Reads `path` twice and checks the second read hit both caches: the state under test is warm. */
async function warm(client: HttpClient, url: string, key?: string) {
  const first = await client.get(url, { key });
  assert.equal(first.status, 200, first.text);
  const callerHits = cacheCounters.caller.hits;
  const viewHits = cacheCounters.view.hits;
  const second = await client.get(url, { key });
  assert.equal(second.status, 200, second.text);
  assert.equal(cacheCounters.caller.hits, callerHits + 1, 'the caller came from the cache');
  assert.equal(cacheCounters.view.hits, viewHits + 1, 'the answer came from the cache');
  return second;
}

async function newKey(client: HttpClient, scopes = ['*']) {
  const res = await client.post('/api/personal_api_keys/', { label: 'cache test', scopes });
  assert.equal(res.status, 201, res.text);
  return { id: res.body.id as string, value: res.body.value as string };
}

/** A second client carrying the same cookies (a copy of the browser's session). */
function copyOf(server: TestServer, client: HttpClient): HttpClient {
  const copy = server.client();
  for (const [k, v] of client.cookies) copy.cookies.set(k, v);
  return copy;
}

describe('caller cache: credentials refused on the very next request', () => {
  let server: TestServer;
  let staff: Account;
  before(async () => ({ server, staff } = await serverWithStaff()));
  after(() => server.stop());

  test('a key revoked through the API', async () => {
    const key = await newKey(staff.client);
    await warm(staff.client, '/api/users/@me/', key.value);
    const del = await staff.client.delete(`/api/personal_api_keys/${key.id}/`);
    assert.equal(del.status, 204, del.text);
    assertError(await staff.client.get('/api/users/@me/', { key: key.value }), 401, KEY_INVALID);
  });

  test('a key rolled through the API: the old value is refused, the new one works', async () => {
    const key = await newKey(staff.client);
    await warm(staff.client, '/api/users/@me/', key.value);
    const rolled = await staff.client.post(`/api/personal_api_keys/${key.id}/roll/`);
    assert.equal(rolled.status, 200, rolled.text);
    assertError(await staff.client.get('/api/users/@me/', { key: key.value }), 401, KEY_INVALID);
    const fresh = await staff.client.get('/api/users/@me/', { key: rolled.body.value });
    assert.equal(fresh.status, 200, fresh.text);
  });

  test('a key whose scopes shrink through the API is held to the new scopes at once', async () => {
    const key = await newKey(staff.client, ['user:write']);
    await warm(staff.client, '/api/users/@me/push_tokens/', key.value);
    const upd = await staff.client.patch(`/api/personal_api_keys/${key.id}/`, { scopes: ['user:read'] });
    assert.equal(upd.status, 200, upd.text);
    const write = await staff.client.post(
      '/api/users/@me/push_tokens/',
      { token: 'scope-test-token-0123456789', platform: 'android' },
      { key: key.value },
    );
    assertError(write, 403, {
      type: 'authentication_error',
      code: 'permission_denied',
      detail: Messages.keyMissingScope('user:write'),
    });
  });

  test('a key revoked by `userdesk keys revoke` in another process while the server runs', async () => {
    const key = await newKey(staff.client);
    await warm(staff.client, '/api/users/@me/', key.value);
    cli(server.dataDir, ['keys', 'revoke', key.id]);
    assertError(await staff.client.get('/api/users/@me/', { key: key.value }), 401, KEY_INVALID);
  });

  test('a session logged out', async () => {
    const m = await member(server);
    const stolen = copyOf(server, m.client);
    await warm(stolen, '/api/users/@me/two_factor_status/');
    const out = await m.client.post('/api/logout/');
    assert.equal(out.status, 200, out.text);
    assertError(await stolen.get('/api/users/@me/two_factor_status/'), 401, NOT_AUTHENTICATED);
  });

  test('a session revoked from another session', async () => {
    const m = await member(server);
    const other = server.client();
    assert.equal((await logIn(other, m.email)).status, 200);
    await warm(m.client, '/api/users/@me/');
    const list = await other.get('/api/users/@me/login_sessions/');
    const victim = (list.body as { id: number; is_current: boolean }[]).find((s) => !s.is_current)!;
    const del = await other.delete(`/api/users/@me/login_sessions/${victim.id}/`);
    assert.equal(del.status, 204, del.text);
    assertError(await m.client.get('/api/users/@me/'), 401, NOT_AUTHENTICATED);
  });

  test('a session past its idle expiry (clock moved, nothing written in between)', async () => {
    const m = await member(server);
    await warm(m.client, '/api/users/@me/push_tokens/');
    server.clock.advance(14 * 24 * 60 * 60 * 1000);
    assertError(await m.client.get('/api/users/@me/push_tokens/'), 401, NOT_AUTHENTICATED);
  });

  test('a session still inside its idle window stays signed in (expiry is not over-eager)', async () => {
    const m = await member(server);
    await warm(m.client, '/api/users/@me/');
    server.clock.advance(14 * 24 * 60 * 60 * 1000 - 1);
    assert.equal((await m.client.get('/api/users/@me/')).status, 200);
  });
});

describe('view cache: changes show on the very next read', () => {
  let server: TestServer;
  let staff: Account;
  before(async () => ({ server, staff } = await serverWithStaff()));
  after(() => server.stop());

  test('a PATCH through the API (read with a key)', async () => {
    const key = await newKey(staff.client);
    await warm(staff.client, '/api/users/@me/', key.value);
    const patched = await staff.client.patch('/api/users/@me/', { first_name: 'Grace' }, { key: key.value });
    assert.equal(patched.status, 200, patched.text);
    const read = await staff.client.get('/api/users/@me/', { key: key.value });
    assert.equal(read.body.first_name, 'Grace');
  });

  test('2FA enable, then disable through the CLI in another process', async () => {
    const m = await member(server);
    const before = await warm(m.client, '/api/users/@me/two_factor_status/');
    assert.equal(before.body.is_enabled, false);
    await warm(m.client, '/api/users/@me/');
    await enrol(server, m.client);
    const status = await m.client.get('/api/users/@me/two_factor_status/');
    assert.equal(status.body.is_enabled, true);
    assert.equal((await m.client.get('/api/users/@me/')).body.is_2fa_enabled, true);

    await warm(m.client, '/api/users/@me/');
    await warm(m.client, '/api/users/@me/two_factor_status/');
    cli(server.dataDir, ['users', 'disable-2fa', m.email]);
    assert.equal((await m.client.get('/api/users/@me/two_factor_status/')).body.is_enabled, false);
    assert.equal((await m.client.get('/api/users/@me/')).body.is_2fa_enabled, false);
  });

  test('2FA disabled through the API', async () => {
    const m = await member(server);
    await enrol(server, m.client);
    await warm(m.client, '/api/users/@me/two_factor_status/');
    const off = await m.client.post('/api/users/@me/two_factor_disable/');
    assert.equal(off.status, 200, off.text);
    assert.equal((await m.client.get('/api/users/@me/two_factor_status/')).body.is_enabled, false);
  });

  test('a push-token registration shows in the list', async () => {
    const key = await newKey(staff.client);
    const empty = await warm(staff.client, '/api/users/@me/push_tokens/', key.value);
    const reg = await staff.client.post(
      '/api/users/@me/push_tokens/',
      { token: `device-token-${empty.body.length}-abcdefghijkl`, platform: 'ios' },
      { key: key.value },
    );
    assert.equal(reg.status, 200, reg.text);
    const list = await staff.client.get('/api/users/@me/push_tokens/', { key: key.value });
    assert.equal(list.body.length, empty.body.length + 1);
    assert.ok(list.body.some((t: { id: number }) => t.id === reg.body.id));
  });

  test('the session view is per session: sensitive_session_expires_at follows a re-login', async () => {
    const m = await member(server);
    const first = await warm(m.client, '/api/users/@me/');
    server.clock.advance(60 * 60 * 1000);
    const other = server.client();
    assert.equal((await logIn(other, m.email)).status, 200);
    const second = await other.get('/api/users/@me/');
    assert.notEqual(second.body.sensitive_session_expires_at, first.body.sensitive_session_expires_at);
    // And the first session still sees its own.
    const again = await m.client.get('/api/users/@me/');
    assert.equal(again.body.sensitive_session_expires_at, first.body.sensitive_session_expires_at);
  });
});
