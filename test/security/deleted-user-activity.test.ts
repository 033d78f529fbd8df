/**
 * security.md 29: a deleted user's activity stays for the admin, shown as a deleted user, so an
 * admin can still see what happened before an account vanished. Through real HTTP.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, test } from 'node:test';
import { STRONG_PASSWORD } from '../helpers/accounts.js';
import { startTestServer, tempDir, type TestServer } from '../helpers/server.js';
import { Fixtures } from './support/fixtures.js';

const dataDir = tempDir('userdesk-deleted-');
let server: TestServer;
let fixtures: Fixtures;
after(async () => {
  fixtures?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test("a deleted user's events stay readable by staff, marked as a deleted user; not by others", async () => {
  server = await startTestServer({ dataDir });
  fixtures = new Fixtures(dataDir, server.clock, server.url);
  const owner = await fixtures.owner();
  const gone = await fixtures.user();
  const bystander = await fixtures.user();
  const login = await server.client().post('/api/login/', { email: gone.email, password: STRONG_PASSWORD });
  assert.equal(login.status, 200, login.text);
  const staff = fixtures.client(fixtures.session(owner.id));
  const del = await staff.delete(`/api/users/${gone.uuid}/`);
  assert.equal(del.status, 204, del.text);

  const res = await staff.get(`/api/users/${gone.uuid}/activity/`);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.count, 1);
  assert.equal(res.body.results[0].type, 'login');
  assert.equal(res.body.results[0].detail.deleted_user, gone.uuid, 'shown as a deleted user');

  const other = await fixtures
    .client(fixtures.session(bystander.id))
    .get(`/api/users/${gone.uuid}/activity/`);
  assert.equal(other.status, 403, other.text);
  const unknown = await staff.get('/api/users/00000000-0000-4000-8000-000000000000/activity/');
  assert.equal(unknown.status, 404, unknown.text);

  const fk = fixtures.deps.db.prepare('PRAGMA foreign_key_list(activity_events)').all() as {
    on_delete: string;
  }[];
  assert.deepEqual(
    fk.map((r) => r.on_delete),
    ['SET NULL'],
  );
});
