import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import path from 'node:path';
import { migrate } from '../../main/db/migrate.js';
import { migrations } from '../../main/db/migrations/index.js';
import { openDatabase } from '../../main/db/open.js';
import { tempDir } from '../helpers/server.js';

test('a new database gets every migration, the pragmas, and STRICT tables', () => {
  const db = openDatabase(tempDir());
  assert.equal(db.pragma('user_version', { simple: true }), migrations.at(-1)!.version);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
  assert.equal(db.pragma('synchronous', { simple: true }), 2); // FULL
  assert.ok((db.pragma('busy_timeout', { simple: true }) as number) >= 1000);
  const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all() as {
    name: string;
    sql: string;
  }[];
  for (const name of [
    'users',
    'organizations',
    'teams',
    'memberships',
    'dashboards',
    'sessions',
    'personal_api_keys',
    'push_tokens',
    'totp_devices',
    'pending_totp_setups',
    'backup_codes',
    'scene_personalisations',
    'throttles',
    'activity_events',
    'pending_email_changes',
    'settings',
  ]) {
    const table = tables.find((t) => t.name === name);
    assert.ok(table, `table ${name} exists`);
    assert.match(table.sql, /\) STRICT$/, `${name} is STRICT`);
  }
  db.close();
});

test('reopening applies nothing twice', () => {
  const dir = tempDir();
  openDatabase(dir).close();
  const db = openDatabase(dir);
  assert.equal(db.pragma('user_version', { simple: true }), migrations.at(-1)!.version);
  db.close();
});

test('a migration that fails half-way leaves the previous schema version and no partial table', () => {
  const db = new Database(path.join(tempDir(), 'x.db'));
  migrate(db, [{ version: 1, name: 'one', sql: 'CREATE TABLE a (x INTEGER) STRICT;' }]);
  assert.throws(() =>
    migrate(db, [
      { version: 1, name: 'one', sql: 'CREATE TABLE a (x INTEGER) STRICT;' },
      {
        version: 2,
        name: 'broken',
        sql: 'CREATE TABLE b (y INTEGER) STRICT; INSERT INTO nowhere VALUES (1);',
      },
    ]),
  );
  assert.equal(db.pragma('user_version', { simple: true }), 1);
  const row = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'b'").get() as { n: number };
  assert.equal(row.n, 0);
  db.close();
});

test('a database from a newer build is refused rather than damaged', () => {
  const db = new Database(path.join(tempDir(), 'y.db'));
  db.pragma('user_version = 99');
  assert.throws(() => migrate(db), /newer Userdesk/);
  db.close();
});

test('migrations are numbered 1..n without gaps', () => {
  migrations.forEach((m, i) => assert.equal(m.version, i + 1));
});
