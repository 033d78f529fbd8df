/**
 * security.md 24 on the CLI path: a command run on a data folder made 0755, with files loosened to
 * 0644 (a copy, an unzip), leaves the folder 0700 and the files 0600, says so once on stderr, and
 * writes backups 0600 — all under umask 022, which the child inherits.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { STRONG_PASSWORD } from '../helpers/accounts.js';
import { tempDir } from '../helpers/server.js';
import { runCli } from './support/run-cli.js';

const octal = (file: string) => (statSync(file).mode & 0o777).toString(8).padStart(4, '0');
let root: string;
let previousUmask = 0;
before(() => {
  previousUmask = process.umask(0o022);
  root = tempDir('userdesk-cli-modes-');
});
after(() => {
  process.umask(previousUmask);
  rmSync(root, { recursive: true, force: true });
});

test(
  'CLI commands make a 0755 data folder private, repair loose files once, and write 0600 backups',
  { skip: process.platform === 'win32' },
  async () => {
    const dataDir = path.join(root, 'data');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    const created = await runCli(
      ['users', 'create', '--email', 'm@example.com', '--password-stdin', '--data-dir', dataDir],
      {
        input: `${STRONG_PASSWORD}\n`,
      },
    );
    assert.equal(created.code, 0, created.stderr);
    assert.equal(octal(dataDir), '0700');
    assert.equal(octal(path.join(dataDir, 'userdesk.db')), '0600', 'created 0600 under umask 022');

    writeFileSync(path.join(dataDir, 'data.key'), `${'cd'.repeat(32)}\n`);
    for (const f of ['userdesk.db', 'data.key']) chmodSync(path.join(dataDir, f), 0o644);
    chmodSync(dataDir, 0o755);
    const listed = await runCli(['users', 'list', '--data-dir', dataDir]);
    assert.equal(listed.code, 0, listed.stderr);
    const lines = listed.stderr.trim().split('\n');
    assert.equal(lines.length, 1, listed.stderr);
    assert.match(
      lines[0],
      /^userdesk: file permissions: .*0755→0700.*userdesk\.db 0644→0600.*data\.key 0644→0600/,
    );
    for (const f of ['userdesk.db', 'data.key']) assert.equal(octal(path.join(dataDir, f)), '0600', f);
    assert.equal(octal(dataDir), '0700');
    const again = await runCli(['users', 'list', '--data-dir', dataDir]);
    assert.equal(again.stderr, '', 'logged once: nothing left to repair');

    chmodSync(path.join(dataDir, 'userdesk.db'), 0o644);
    const backup = path.join(root, 'copy.db');
    const backedUp = await runCli(['backup', backup, '--data-dir', dataDir]);
    assert.equal(backedUp.code, 0, backedUp.stderr);
    assert.match(backedUp.stderr, /userdesk\.db 0644→0600/);
    assert.equal(octal(backup), '0600', 'the backup');
    assert.equal(octal(path.join(dataDir, 'userdesk.db')), '0600');
  },
);
