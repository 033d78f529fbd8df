/**
 * A migration that dies half-way — killed with SIGKILL mid-statement, or failing on its last
 * statement — leaves the previous schema version, none of its tables, and the data as it was.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test, after } from 'node:test';
import Database from 'better-sqlite3';
import { seedUsers } from '../../bench/seed.js';
import { migrations } from '../../main/db/migrations/index.js';
import { tempDir } from '../helpers/server.js';

/** Temp dirs this file made, removed when it ends. */
const scratchDirs: string[] = [];
const scratch = (prefix?: string) => {
  const dir = tempDir(prefix);
  scratchDirs.push(dir);
  return dir;
};

const CHILD = path.resolve('test/crash/support/migrate-child.ts');
const LATEST = migrations.at(-1)!.version;

function runChild(dataDir: string, mode: 'slow' | 'failing', killAfterMs?: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, mode], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d));
  return new Promise<{ code: number | null; signal: string | null; out: string; err: string }>((resolve) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      if (killAfterMs !== undefined && out.includes('migrating'))
        setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.once('exit', (code, signal) => resolve({ code, signal, out, err }));
  });
}

function assertUntouched(dataDir: string, users: number) {
  const db = new Database(path.join(dataDir, 'userdesk.db'));
  try {
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    assert.equal(db.pragma('user_version', { simple: true }), LATEST, 'the previous schema version');
    const leftovers = db
      .prepare("SELECT count(*) AS n FROM sqlite_master WHERE name IN ('bulk', 'bulk_pad')")
      .get() as { n: number };
    assert.equal(leftovers.n, 0, 'none of its tables or indexes');
    assert.equal((db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n, users);
    assert.equal(
      (db.prepare("SELECT count(*) AS n FROM users WHERE first_name = 'migrated'").get() as { n: number }).n,
      0,
      'no half-applied data change',
    );
  } finally {
    db.close();
  }
}

test('SIGKILL in the middle of a migration: previous version, no partial table, data intact', async () => {
  const dataDir = scratch('userdesk-migrate-kill-');
  const seed = await seedUsers({ dataDir, users: 200, totpEvery: 0 });
  for (const delay of [30, 200, 600]) {
    const result = await runChild(dataDir, 'slow', delay);
    assert.equal(result.signal, 'SIGKILL', `killed mid-way (${result.out.trim()}) ${result.err}`);
    assert.ok(!result.out.includes('done'), 'the migration had not finished');
    assertUntouched(dataDir, seed.users + 1);
  }
});

test('a migration that fails on its last statement rolls back everything it did', async () => {
  const dataDir = scratch('userdesk-migrate-fail-');
  const seed = await seedUsers({ dataDir, users: 20, totpEvery: 0 });
  const result = await runChild(dataDir, 'failing');
  assert.notEqual(result.code, 0);
  assert.match(result.err, /no such table: no_such_table/);
  assertUntouched(dataDir, seed.users + 1);
});

// Last, so it runs after the hooks above have stopped their servers.
after(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});
