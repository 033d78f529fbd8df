/**
 * security.md 24: the data folder ends 0700 and every file that holds secrets (`userdesk.db`, its
 * `-wal`/`-shm`, `data.key`, backups, mail files) ends 0600 — under umask 022 and from a folder this
 * test creates 0755 itself (a temp dir from mkdtemp is already 0700 and would prove nothing), and
 * also when the files pre-existed with looser modes: then the modes are repaired and logged once.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { backupDatabase } from '../../main/cli/backup-commands.js';
import { MAIL_DIR_ENV } from '../../main/domain/mail.js';
import { STRONG_PASSWORD, uniqueEmail } from '../helpers/accounts.js';
import { startTestServer, tempDir } from '../helpers/server.js';

const posix = process.platform !== 'win32';
const mode = (file: string) => statSync(file).mode & 0o777;
const octal = (m: number) => m.toString(8).padStart(4, '0');
let previousUmask = 0;
let root: string;

before(() => {
  previousUmask = process.umask(0o022);
  root = tempDir('userdesk-modes-');
});
after(() => {
  process.umask(previousUmask);
  delete process.env[MAIL_DIR_ENV];
  rmSync(root, { recursive: true, force: true });
});

/** A data folder made the way a user or an installer would: 0755, not a private mkdtemp dir. */
function openFolder(name: string): string {
  const dir = path.join(root, name);
  mkdirSync(dir, { mode: 0o755 });
  chmodSync(dir, 0o755);
  assert.equal(mode(dir), 0o755, 'precondition: the folder starts world-readable');
  return dir;
}

const SECRET_FILES = ['userdesk.db', 'userdesk.db-wal', 'userdesk.db-shm', 'data.key'];

function assertPrivate(dataDir: string, files: string[]) {
  assert.equal(octal(mode(dataDir)), '0700', 'the data folder');
  for (const name of files) {
    const file = path.join(dataDir, name);
    assert.ok(existsSync(file), `${name} exists`);
    assert.equal(octal(mode(file)), '0600', name);
  }
}

describe('files at rest (security.md 24)', { skip: !posix && 'POSIX modes only' }, () => {
  test('a fresh data folder made 0755 under umask 022: folder 0700, database, WAL, key, mail 0600', async () => {
    const dataDir = openFolder('fresh');
    const mailDir = path.join(dataDir, 'mail');
    mkdirSync(mailDir, { mode: 0o755 });
    chmodSync(mailDir, 0o755);
    process.env[MAIL_DIR_ENV] = 'mail';
    const server = await startTestServer({ dataDir });
    try {
      const owner = server.client();
      const res = await owner.post('/api/signup/', {
        email: uniqueEmail('modes'),
        password: STRONG_PASSWORD,
        first_name: 'Ada',
      });
      assert.equal(res.status, 201, res.text);
      // An email change mails a code through the file transport; TOTP enrolment makes the key.
      const change = await owner.patch('/api/users/@me/', { email: uniqueEmail('modes-next') });
      assert.equal(change.status, 200, change.text);
      const setup = await owner.get('/api/users/@me/two_factor_start_setup/');
      assert.equal(setup.status, 200, setup.text);
      assertPrivate(dataDir, SECRET_FILES);
      assert.equal(octal(mode(mailDir)), '0700', 'the mail folder');
      const mails = readdirSync(mailDir);
      assert.equal(mails.length, 1);
      assert.equal(octal(mode(path.join(mailDir, mails[0]))), '0600', 'the mail file');

      const backup = path.join(root, 'fresh-backup.db');
      await backupDatabase(dataDir, backup);
      assert.equal(octal(mode(backup)), '0600', 'the backup');
    } finally {
      await server.stop();
    }
  });

  test('files that pre-existed with loose modes are repaired at start, and that is logged once', async () => {
    const dataDir = openFolder('loose');
    // A first run leaves a database behind; then someone (a copy, an unzip, a chmod -R) loosens it.
    const first = await startTestServer({ dataDir });
    const res = await first
      .client()
      .post('/api/signup/', { email: uniqueEmail('loose'), password: STRONG_PASSWORD, first_name: 'Ada' });
    assert.equal(res.status, 201, res.text);
    await first.stop();
    writeFileSync(path.join(dataDir, 'data.key'), `${'ab'.repeat(32)}\n`);
    for (const name of ['userdesk.db', 'data.key']) chmodSync(path.join(dataDir, name), 0o644);
    writeFileSync(path.join(dataDir, 'userdesk.db-wal'), '');
    chmodSync(path.join(dataDir, 'userdesk.db-wal'), 0o644);
    chmodSync(dataDir, 0o755);
    delete process.env[MAIL_DIR_ENV];
    const second = await startTestServer({ dataDir });
    try {
      // Repaired at start, before any request (a server may run for weeks without reading the key).
      assertPrivate(dataDir, ['userdesk.db', 'data.key']);
      const again = await second.client().post('/api/login/', { email: 'nobody@example.com', password: 'x' });
      assert.equal(again.status, 400, again.text);
      assertPrivate(dataDir, SECRET_FILES);
      const repairs = second.logs.filter((l) => /permission/i.test(l));
      assert.equal(repairs.length, 1, `one log line for the repair: ${JSON.stringify(second.logs)}`);
      assert.match(repairs[0], /userdesk\.db/);
      assert.match(repairs[0], /data\.key/);
      assert.match(repairs[0], /0755/);
    } finally {
      await second.stop();
    }
    const third = await startTestServer({ dataDir });
    try {
      assert.deepEqual(
        third.logs.filter((l) => /permission/i.test(l)),
        [],
        'nothing left to repair: logged once, not on every start',
      );
      assertPrivate(dataDir, ['userdesk.db', 'data.key']);
    } finally {
      await third.stop();
    }
  });

  test('the file transport repairs a loose mail folder and old mail files on first use', async () => {
    const dataDir = openFolder('mailfix');
    const mailDir = path.join(dataDir, 'mail');
    mkdirSync(mailDir, { mode: 0o755 });
    chmodSync(mailDir, 0o755);
    writeFileSync(path.join(mailDir, 'old.eml'), 'Subject: old\n\ncode 123456\n');
    chmodSync(path.join(mailDir, 'old.eml'), 0o644);
    process.env[MAIL_DIR_ENV] = 'mail';
    const server = await startTestServer({ dataDir });
    try {
      const c = server.client();
      assert.equal(
        (
          await c.post('/api/signup/', {
            email: uniqueEmail('m'),
            password: STRONG_PASSWORD,
            first_name: 'Ada',
          })
        ).status,
        201,
      );
      assert.equal((await c.patch('/api/users/@me/', { email: uniqueEmail('m2') })).status, 200);
      assert.equal(octal(mode(mailDir)), '0700', 'the mail folder');
      for (const name of readdirSync(mailDir))
        assert.equal(octal(mode(path.join(mailDir, name))), '0600', name);
      assert.equal(
        server.logs.filter((l) => /^mail: .*permission/i.test(l)).length,
        1,
        JSON.stringify(server.logs),
      );
      assert.equal((await c.patch('/api/users/@me/', { email: uniqueEmail('m3') })).status, 200);
      assert.equal(server.logs.filter((l) => /^mail: .*permission/i.test(l)).length, 1, 'logged once');
    } finally {
      await server.stop();
    }
  });
});
