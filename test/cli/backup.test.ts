import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { seedUsers, totpAad, type SeedResult } from '../../bench/seed.js';
import { fileDataKeyProvider } from '../../main/domain/data-key.js';
import { open } from '../../main/domain/secret-box.js';
import { HttpClient } from '../helpers/http-client.js';
import { tempDir } from '../helpers/server.js';

/** Temp dirs this file made, removed when it ends. */
const scratchDirs: string[] = [];
const scratch = (prefix?: string) => {
  const dir = tempDir(prefix);
  scratchDirs.push(dir);
  return dir;
};

const CLI = path.resolve('dist/main/cli.js');

function run(args: string[]) {
  assert.ok(existsSync(CLI), 'dist/main/cli.js is missing: run `npm run build:main` first');
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function runAsync(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

async function serve(dataDir: string) {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited early (${code}): ${out}`)));
  });
  return {
    child,
    url,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const count = (db: Database.Database, table: string) =>
  (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('userdesk backup / restore', () => {
  const dataDir = scratch('userdesk-backup-');
  const outDir = scratch('userdesk-backup-out-');
  const backupFile = path.join(outDir, 'copy.db');
  let seed: SeedResult;
  let server: Awaited<ReturnType<typeof serve>>;
  let batches = 0;

  before(async () => {
    seed = await seedUsers({ dataDir, users: 3000, totpEvery: 10, returnKeys: 8 });
    server = await serve(dataDir);
  });
  after(() => server?.stop());

  test('backup while the server runs and another connection keeps committing: a consistent, standalone copy', async () => {
    // The writer commits pairs (a setting and an activity event with the same batch number) in one
    // transaction each; a torn snapshot would hold one without the other.
    const writer = new Database(path.join(dataDir, 'userdesk.db'));
    writer.pragma('busy_timeout = 5000');
    const putSetting = writer.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    const putEvent = writer.prepare(
      "INSERT INTO activity_events (user_id, type, detail, created_at) VALUES (NULL, 'signup', ?, 0)",
    );
    const pair = writer.transaction((n: number) => {
      putSetting.run(`backup-test-${n}`, String(n));
      putEvent.run(JSON.stringify({ batch: n }));
    });
    let writing = true;
    const loop = (async () => {
      while (writing) {
        pair(batches++);
        await new Promise((r) => setImmediate(r));
      }
    })();
    const health = await new HttpClient(server.url).get('/_health');
    assert.equal(health.status, 200);
    assert.equal(statSync(path.join(dataDir, 'server.json')).mode & 0o777, 0o600, 'server.json is private');
    const result = await runAsync(['backup', backupFile, '--data-dir', dataDir, '--json']);
    writing = false;
    await loop;
    writer.close();
    assert.equal(result.code, 0, result.stderr);
    const summary = JSON.parse(result.stdout);
    assert.equal(summary.users, seed.users + 1);
    assert.ok(batches > 0, 'the writer committed while the backup ran');

    assert.equal(statSync(backupFile).mode & 0o777, 0o600, 'the copy holds password hashes: 0600');
    assert.deepEqual(
      readdirSync(outDir).filter((f) => f !== 'copy.db'),
      [],
      'one standalone file: no -wal, -shm or temp file beside it',
    );
    const copy = new Database(backupFile, { readonly: true });
    try {
      assert.equal(copy.pragma('integrity_check', { simple: true }), 'ok');
      assert.equal(copy.pragma('journal_mode', { simple: true }), 'delete');
      const settings = count(copy, "settings WHERE key LIKE 'backup-test-%'");
      const events = count(copy, 'activity_events WHERE detail LIKE \'{"batch":%\'');
      assert.equal(settings, events, 'every committed pair is in the copy whole, or not at all');
      assert.equal(count(copy, 'users'), seed.users + 1);
      assert.equal(count(copy, 'totp_devices'), seed.totpDevices);
      assert.equal(count(copy, 'personal_api_keys'), seed.keys + 1);
    } finally {
      copy.close();
    }
  });

  test('backup refuses to overwrite an existing file unless --force', () => {
    const again = run(['backup', backupFile, '--data-dir', dataDir]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already exists/);
    const forced = path.join(outDir, 'forced.db');
    writeFileSync(forced, 'old');
    assert.equal(run(['backup', forced, '--data-dir', dataDir, '--force']).code, 0);
    assert.ok(statSync(forced).size > 4096);
  });

  test('restore refuses while a live server owns the data dir, and changes nothing', () => {
    const before = statSync(path.join(dataDir, 'userdesk.db')).ino;
    const res = run(['restore', backupFile, '--data-dir', dataDir]);
    assert.equal(res.code, 2);
    assert.match(res.stderr, new RegExp(`server \\(pid ${server.child.pid}\\) is running`));
    assert.equal(statSync(path.join(dataDir, 'userdesk.db')).ino, before);
  });

  test('restore refuses while another process holds the database open', async () => {
    await server.stop();
    const holder = new Database(path.join(dataDir, 'userdesk.db'));
    holder.prepare('SELECT count(*) FROM users').get();
    try {
      const res = run(['restore', backupFile, '--data-dir', dataDir]);
      assert.equal(res.code, 2, res.stdout);
      assert.match(res.stderr, /Another process has .* open/);
    } finally {
      holder.close();
    }
  });

  test('restore after the server stopped: every user, device and key is back and usable', async () => {
    // Damage the live database: a restore must bring back what the backup had.
    const db = new Database(path.join(dataDir, 'userdesk.db'));
    db.pragma('foreign_keys = ON');
    db.prepare('DELETE FROM users WHERE id IN (SELECT id FROM users WHERE is_staff = 0 LIMIT 500)').run();
    db.prepare('DELETE FROM personal_api_keys WHERE user_id = ?').run(seed.sample[0].id);
    db.close();
    // A stale server.json (a server that was killed) must not block the restore.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(
      path.join(dataDir, 'server.json'),
      JSON.stringify({ url: 'http://127.0.0.1:1', pid: dead }),
    );

    const res = run(['restore', backupFile, '--data-dir', dataDir, '--json']);
    assert.equal(res.code, 0, res.stderr);
    const out = JSON.parse(res.stdout);
    assert.equal(out.users, seed.users + 1);
    assert.ok(out.previous && existsSync(out.previous), 'the replaced database is kept');

    const restored = new Database(path.join(dataDir, 'userdesk.db'), { readonly: true });
    const key = fileDataKeyProvider(dataDir).getKey();
    try {
      assert.equal(restored.pragma('integrity_check', { simple: true }), 'ok');
      assert.equal(count(restored, 'users'), seed.users + 1);
      assert.equal(count(restored, 'personal_api_keys'), seed.keys + 1);
      assert.equal(count(restored, 'push_tokens'), seed.pushTokens);
      assert.equal(count(restored, 'totp_devices'), seed.totpDevices);
      assert.equal(count(restored, 'backup_codes'), seed.totpDevices * 10);
      for (const u of seed.totpUsers) {
        const row = restored
          .prepare('SELECT secret_sealed FROM totp_devices WHERE user_id = ?')
          .get(u.id) as {
          secret_sealed: string;
        };
        assert.equal(open(key, row.secret_sealed, totpAad(u.id)), u.secret, 'the TOTP secret still opens');
      }
    } finally {
      restored.close();
    }

    server = await serve(dataDir);
    const client = new HttpClient(server.url);
    for (const u of seed.sample) {
      const me = await client.get('/api/users/@me/', { key: u.key });
      assert.equal(me.status, 200, me.text);
      assert.equal(me.body.email, u.email);
    }
    const staffView = await client.get(`/api/users/?search=${encodeURIComponent(seed.totpUsers[0].email)}`, {
      key: seed.staff.key,
    });
    assert.equal(staffView.status, 200, staffView.text);
    assert.equal(staffView.body.results[0].is_2fa_enabled, true);
  });

  test('restore into a new, empty data dir (another machine): it works, and warns that the data key is missing', () => {
    const fresh = path.join(scratch('userdesk-restore-new-'), 'data');
    const res = run(['restore', backupFile, '--data-dir', fresh, '--json']);
    assert.equal(res.code, 0, res.stderr);
    const out = JSON.parse(res.stdout);
    assert.equal(out.users, seed.users + 1);
    assert.equal(out.previous, null);
    assert.match(out.warning, /no data key/);
    assert.equal(statSync(fresh).mode & 0o777, 0o700);
  });

  test('restore refuses a missing file, a file that is not a database, and a newer schema', () => {
    const garbage = path.join(outDir, 'garbage.db');
    writeFileSync(garbage, 'this is not sqlite'.repeat(400));
    const newer = path.join(outDir, 'newer.db');
    const db = new Database(newer);
    db.exec('CREATE TABLE users (id INTEGER PRIMARY KEY)');
    db.pragma('user_version = 999');
    db.close();
    const notOurs = path.join(outDir, 'other.db');
    new Database(notOurs).exec('CREATE TABLE x (y)');

    const stop = server.stop();
    return stop.then(() => {
      for (const [file, message] of [
        [path.join(outDir, 'nope.db'), /does not exist/],
        [garbage, /not a Userdesk database/],
        [newer, /newer Userdesk/],
        [notOurs, /not a Userdesk database/],
      ] as const) {
        const res = run(['restore', file, '--data-dir', dataDir]);
        assert.equal(res.code, 2, `${file}: ${res.stderr}`);
        assert.match(res.stderr, message);
      }
    });
  });
});

// Last, so it runs after the hooks above have stopped their servers.
after(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});
