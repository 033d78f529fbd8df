import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDatabase } from '../../main/db/open.js';
import { createRepos } from '../../main/db/repos/index.js';
import { tempDir } from '../helpers/server.js';

function fresh() {
  const db = openDatabase(tempDir());
  return { db, repos: createRepos(db) };
}

const newUser = (email: string, n: number) => ({
  uuid: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  email,
  first_name: `First${n}`,
  last_name: 'Last',
  password_hash: null,
  is_staff: 0,
  distinct_id: `d${n}`,
  date_joined: n,
});

test('users: email is unique whatever its case, and search is a prefix match with literal wildcards', () => {
  const { repos } = fresh();
  repos.users.insert(newUser('ada@example.com', 1));
  assert.throws(() => repos.users.insert(newUser('ADA@example.com', 2)), /UNIQUE/);
  repos.users.insert(newUser('grace@example.com', 3));
  repos.users.insert(newUser('100%_sure@example.com', 4));
  assert.equal(repos.users.byEmail('Ada@Example.com')?.uuid, newUser('', 1).uuid);
  assert.deepEqual(
    repos.users.list({ search: 'gr', limit: 10, offset: 0 }).rows.map((u) => u.email),
    ['grace@example.com'],
  );
  assert.equal(repos.users.list({ search: 'first', limit: 10, offset: 0 }).count, 3);
  assert.equal(repos.users.list({ search: '100%', limit: 10, offset: 0 }).count, 1);
  assert.equal(repos.users.list({ search: '1_0', limit: 10, offset: 0 }).count, 0, '_ is not a wildcard');
  const page = repos.users.list({ limit: 2, offset: 2 });
  assert.equal(page.count, 3);
  assert.equal(page.rows.length, 1);
});

test('users: update writes only known columns', () => {
  const { repos } = fresh();
  const id = repos.users.insert(newUser('a@example.com', 1));
  const sneaky = { first_name: 'Changed', uuid: 'nope' } as Parameters<typeof repos.users.update>[1];
  repos.users.update(id, sneaky);
  const row = repos.users.byId(id)!;
  assert.equal(row.first_name, 'Changed');
  assert.equal(row.uuid, newUser('', 1).uuid);
});

test('deleting a user removes everything they own (foreign keys cascade)', () => {
  const { db, repos } = fresh();
  const id = repos.users.insert(newUser('a@example.com', 1));
  repos.pushTokens.upsert(id, 'tok', 'ios', 1);
  repos.personalApiKeys.insert({
    id: 'k1',
    user_id: id,
    label: 'l',
    secure_value: 's',
    mask_value: 'm',
    scopes: '[]',
    created_at: 1,
  });
  repos.backupCodes.replaceAll(id, ['h1', 'h2'], 1);
  repos.totpDevices.replace({ user_id: id, secret_sealed: 'x', last_step: null, created_at: 1 });
  repos.users.delete(id);
  for (const table of ['push_tokens', 'personal_api_keys', 'backup_codes', 'totp_devices']) {
    assert.equal((db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n, 0, table);
  }
});

test('totp devices: acceptStep only moves forward (the replay guard)', () => {
  const { repos } = fresh();
  const id = repos.users.insert(newUser('a@example.com', 1));
  repos.totpDevices.replace({ user_id: id, secret_sealed: 'x', last_step: null, created_at: 1 });
  assert.equal(repos.totpDevices.acceptStep(id, 100), true);
  assert.equal(repos.totpDevices.acceptStep(id, 100), false, 'same step refused');
  assert.equal(repos.totpDevices.acceptStep(id, 99), false, 'earlier step refused');
  assert.equal(repos.totpDevices.acceptStep(id, 101), true);
});

test('push tokens: upsert on (user, token), eviction keeps the most recently seen', () => {
  const { repos } = fresh();
  const id = repos.users.insert(newUser('a@example.com', 1));
  for (let i = 0; i < 5; i++) repos.pushTokens.upsert(id, `t${i}`, 'android', 10 + i);
  repos.pushTokens.upsert(id, 't0', 'ios', 100); // seen again: now the newest
  assert.equal(repos.pushTokens.countForUser(id), 5);
  assert.equal(repos.pushTokens.evictBeyond(id, 3), 2);
  assert.deepEqual(
    repos.pushTokens
      .forUser(id)
      .map((t) => t.token)
      .sort(),
    ['t0', 't3', 't4'],
  );
  assert.equal(repos.pushTokens.forUser(id).find((t) => t.token === 't0')?.platform, 'ios');
});

test('backup codes: markUsed succeeds once', () => {
  const { repos } = fresh();
  const id = repos.users.insert(newUser('a@example.com', 1));
  repos.backupCodes.replaceAll(id, ['h1'], 1);
  const [code] = repos.backupCodes.unusedForUser(id);
  assert.equal(repos.backupCodes.markUsed(code.id, 2), true);
  assert.equal(repos.backupCodes.markUsed(code.id, 3), false);
  assert.equal(repos.backupCodes.countUnused(id), 0);
});

test('throttles persist across connections', () => {
  const dir = tempDir();
  const first = openDatabase(dir);
  createRepos(first).throttles.put({ key: 'login:x', count: 3, window_start: 5, last_at: 6 });
  first.close();
  const second = openDatabase(dir);
  assert.equal(createRepos(second).throttles.get('login:x')?.count, 3);
  second.close();
});
