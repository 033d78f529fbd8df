/**
 * Issue 13 §3: a key's `last_used_at` is written off the response path (batched), still at most
 * once a minute per key, and never lost when the server closes. Read from a second connection, as
 * the CLI would, so what is checked is what is on disk.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createDeps } from '../../main/domain/create-deps.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { serverWithStaff, type Account } from './support.js';

function lastUsedOnDisk(dataDir: string, keyId: string): number | null {
  const deps = createDeps({ dataDir, log: () => {} });
  try {
    return deps.repos.personalApiKeys.byId(keyId)!.last_used_at;
  } finally {
    deps.close();
  }
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function newKey(account: Account) {
  const res = await account.client.post('/api/personal_api_keys/', { label: 'usage', scopes: ['*'] });
  assert.equal(res.status, 201, res.text);
  return { id: res.body.id as string, value: res.body.value as string };
}

describe('personal API key last_used_at', () => {
  let server: TestServer;
  let staff: Account;
  before(async () => ({ server, staff } = await serverWithStaff()));
  after(() => server.stop());

  test('is not written during the request, but shortly after it without any further request', async () => {
    const key = await newKey(staff);
    const res = await staff.client.get('/api/users/@me/', { key: key.value });
    assert.equal(res.status, 200);
    assert.equal(lastUsedOnDisk(server.dataDir, key.id), null, 'answered before the write');
    await until(() => lastUsedOnDisk(server.dataDir, key.id) !== null);
    assert.equal(lastUsedOnDisk(server.dataDir, key.id), server.clock.now());
  });

  test('is written at most once a minute per key, a parallel burst included', async () => {
    const key = await newKey(staff);
    const t0 = server.clock.now();
    const burst = await Promise.all(
      Array.from({ length: 20 }, () => staff.client.get('/api/users/@me/', { key: key.value })),
    );
    assert.deepEqual(new Set(burst.map((r) => r.status)), new Set([200]));
    // Half a minute later, before the batch is written: the pending use counts as the last one.
    server.clock.advance(30_000);
    assert.equal((await staff.client.get('/api/users/@me/', { key: key.value })).status, 200);
    await until(() => lastUsedOnDisk(server.dataDir, key.id) !== null);
    assert.equal(lastUsedOnDisk(server.dataDir, key.id), t0);

    server.clock.advance(29_000);
    assert.equal((await staff.client.get('/api/users/@me/', { key: key.value })).status, 200);
    // Listing keys writes pending uses first, so a pending one would show here.
    const listed = await staff.client.get('/api/personal_api_keys/');
    const shown = listed.body.find((k: { id: string }) => k.id === key.id);
    assert.equal(shown.last_used_at, new Date(t0).toISOString(), 'not re-written within the minute');
    assert.equal(lastUsedOnDisk(server.dataDir, key.id), t0);

    server.clock.advance(1_000);
    assert.equal((await staff.client.get('/api/users/@me/', { key: key.value })).status, 200);
    await until(() => lastUsedOnDisk(server.dataDir, key.id) === t0 + 60_000);
  });
});

test('uses still pending when the server closes are written, not lost', async () => {
  const server = await startTestServer();
  const { client } = { client: server.client() };
  const signup = await client.post('/api/signup/', {
    email: 'closing@example.com',
    password: 'correct horse battery staple 42',
    first_name: 'Ada',
  });
  assert.equal(signup.status, 201, signup.text);
  const created = await client.post('/api/personal_api_keys/', { label: 'closing', scopes: ['*'] });
  const keyId = created.body.id as string;
  assert.equal((await client.get('/api/users/@me/', { key: created.body.value })).status, 200);
  const at = server.clock.now();
  const dataDir = server.dataDir;
  await server.close();
  try {
    assert.equal(lastUsedOnDisk(dataDir, keyId), at);
  } finally {
    await server.stop().catch(() => {});
  }
});
