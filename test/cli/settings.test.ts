/**
 * `userdesk settings set/get/list` (issue 12): `smtp_url` is stored sealed under the data key like
 * other secrets, never printed back in full, and the server sends mail through the sealed setting.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { SMTPServer } from 'smtp-server';
import { STRONG_PASSWORD, uniqueEmail } from '../helpers/accounts.js';
import { startTestServer, tempDir } from '../helpers/server.js';
import { runCli } from './support/run-cli.js';

const SMTP_PASSWORD = 'hunter2-smtp-secret';
const received: { to: string[]; user: string | undefined }[] = [];
let smtp: SMTPServer;
let smtpPort: number;
let dataDir: string;

before(async () => {
  dataDir = tempDir('userdesk-cli-settings-');
  smtp = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    onAuth: (auth, _session, done) =>
      auth.password === SMTP_PASSWORD ? done(null, { user: auth.username }) : done(new Error('bad auth')),
    onData(stream, session, done) {
      stream.resume();
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), user: session.user as string });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
});
after(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  rmSync(dataDir, { recursive: true, force: true });
});

const cli = (args: string[], input?: string) => runCli([...args, '--data-dir', dataDir], { input });
const noSecret = (text: string) => assert.ok(!text.includes(SMTP_PASSWORD), `the password leaked: ${text}`);

describe('userdesk settings', () => {
  test('set smtp_url: sealed in the database, printed back as scheme://host:port only', async () => {
    const url = `smtp://mailer:${SMTP_PASSWORD}@127.0.0.1:${smtpPort}`;
    const set = await cli(['settings', 'set', 'smtp_url', url]);
    assert.equal(set.code, 0, set.stderr);
    noSecret(set.stdout + set.stderr);
    assert.match(
      set.stdout,
      new RegExp(`smtp_url = smtp://127\\.0\\.0\\.1:${smtpPort} \\(with credentials, hidden\\)`),
    );

    const db = new Database(path.join(dataDir, 'userdesk.db'), { readonly: true });
    const row = db.prepare("SELECT value FROM settings WHERE key = 'smtp_url'").get() as { value: string };
    db.close();
    assert.match(row.value, /^v1:/, 'sealed with AES-256-GCM');
    for (const f of ['userdesk.db', 'userdesk.db-wal']) {
      try {
        noSecret(readFileSync(path.join(dataDir, f), 'latin1'));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }

    const get = await cli(['settings', 'get', 'smtp_url']);
    assert.equal(get.code, 0, get.stderr);
    assert.equal(get.stdout, `smtp://127.0.0.1:${smtpPort} (with credentials, hidden)\n`);
    const list = await cli(['settings', 'list', '--json']);
    assert.equal(list.code, 0, list.stderr);
    noSecret(list.stdout);
    const listed = JSON.parse(list.stdout) as { name: string; value: string | null }[];
    assert.deepEqual(
      listed.find((s) => s.name === 'smtp_url'),
      { name: 'smtp_url', value: `smtp://127.0.0.1:${smtpPort} (with credentials, hidden)`, secret: true },
    );
  });

  test('the value can come from stdin, so the SMTP password stays out of ps', async () => {
    const url = `smtp://mailer:${SMTP_PASSWORD}@127.0.0.1:${smtpPort}`;
    const set = await cli(['settings', 'set', 'smtp_url', '--value-stdin'], `${url}\n`);
    assert.equal(set.code, 0, set.stderr);
    noSecret(set.stdout + set.stderr);
  });

  test('the server reads the sealed setting and sends through it, with its credentials', async () => {
    const server = await startTestServer({ dataDir });
    try {
      const c = server.client();
      const email = uniqueEmail('smtp-owner');
      assert.equal(
        (await c.post('/api/signup/', { email, password: STRONG_PASSWORD, first_name: 'A' })).status,
        201,
      );
      const next = uniqueEmail('smtp-next');
      const res = await c.patch('/api/users/@me/', { email: next });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.pending_email, next, 'a mailer was configured, so the change waits for the code');
      assert.ok(
        received.some((m) => m.to.includes(next) && m.user === 'mailer'),
        JSON.stringify(received),
      );
      server.logs.forEach(noSecret);
    } finally {
      await server.stop();
    }
  });

  test('bad input: unknown name, a value that is not an SMTP URL → one line, exit 2', async () => {
    const unknown = await cli(['settings', 'get', 'nope']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^userdesk: Unknown setting nope/);
    const bad = await cli(['settings', 'set', 'smtp_url', `http://x:${SMTP_PASSWORD}@host`]);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr.split('\n').length, 2);
    noSecret(bad.stderr);
  });
});
