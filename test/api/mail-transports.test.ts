import assert from 'node:assert/strict';
import { readdirSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { MAIL_DIR_ENV, SMTP_URL_ENV, SMTP_URL_SETTING } from '../../main/domain/mail.js';
import { putSetting } from '../../main/domain/settings-store.js';
import { uniqueEmail } from '../helpers/accounts.js';
import { tempDir, type TestServer } from '../helpers/server.js';
import {
  codeIn,
  eventually,
  mailText,
  member,
  readMailDir,
  serverWithStaff,
  STRONG_PASSWORD,
  withDeps,
} from './support.js';

/**
 * The mail transports of users-api.md §3 and the issue: SMTP through nodemailer (against a real
 * smtp-server started here), the .eml file transport, and the security notifications they carry.
 */
interface Received {
  to: string[];
  raw: string;
}

let server: TestServer;
let smtp: SMTPServer;
let smtpPort: number;
const inbox: Received[] = [];

before(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (raw += chunk));
      stream.on('end', () => {
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  ({ server } = await serverWithStaff());
});
after(async () => {
  assert.deepEqual(server.logs, []);
  await server.stop();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});
afterEach(() => {
  delete process.env[SMTP_URL_ENV];
  delete process.env[MAIL_DIR_ENV];
  withDeps(server, (deps) => deps.db.prepare('DELETE FROM settings WHERE key = ?').run(SMTP_URL_SETTING));
});

const inboxOf = (to: string) => inbox.filter((m) => m.to.includes(to.toLowerCase()) || m.to.includes(to));

describe('SMTP through nodemailer', () => {
  test('USERDESK_SMTP_URL: the code goes to the new address, and both addresses hear of the change', async () => {
    process.env[SMTP_URL_ENV] = `smtp://127.0.0.1:${smtpPort}`;
    const user = await member(server);
    const next = uniqueEmail('smtp');
    const res = await user.client.patch('/api/users/@me/', { email: next });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.pending_email, next);
    const [codeMail] = inboxOf(next);
    assert.ok(codeMail, 'the code mail was delivered before the answer');
    assert.match(codeMail.raw, /^From: Userdesk <userdesk@localhost>$/m);
    const verified = await user.client.post('/api/users/verify_email/', {
      uuid: user.uuid,
      code: codeIn(codeMail.raw),
    });
    assert.equal(verified.status, 200, verified.text);
    assert.equal(verified.body.email, next);
    await eventually(() =>
      inboxOf(user.email).length === 1 && inboxOf(next).length === 2 ? true : undefined,
    );
    assert.match(mailText(inboxOf(user.email)[0].raw), /changed from/);
  });

  test('the smtp_url setting works too (configured while the server runs), here for a password-change notice', async () => {
    withDeps(server, (deps) =>
      putSetting(deps.repos.settings, deps.dataKey, SMTP_URL_SETTING, `smtp://127.0.0.1:${smtpPort}`),
    );
    const user = await member(server);
    const newPassword = 'amber quartz meadow 31 fjord';
    const res = await user.client.patch('/api/users/@me/', {
      password: newPassword,
      current_password: STRONG_PASSWORD,
    });
    assert.equal(res.status, 200, res.text);
    const mail = await eventually(() => inboxOf(user.email)[0]);
    assert.match(mail.raw, /^Subject: Your Userdesk password was changed$/m);
    assert.ok(!mailText(mail.raw).includes(newPassword) && !mailText(mail.raw).includes(STRONG_PASSWORD));
  });

  test('SMTP wins over the file transport when both are configured', async () => {
    const dir = tempDir('userdesk-mail-');
    try {
      process.env[MAIL_DIR_ENV] = dir;
      process.env[SMTP_URL_ENV] = `smtp://127.0.0.1:${smtpPort}`;
      const user = await member(server);
      const next = uniqueEmail('both');
      await user.client.patch('/api/users/@me/', { email: next });
      assert.equal(inboxOf(next).length, 1);
      assert.equal(readMailDir(dir).length, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an unreachable SMTP server answers 503 mail_unavailable, leaves nothing pending, logs without the URL password or the code', async () => {
    process.env[SMTP_URL_ENV] = 'smtp://mailer:hunter2secret@127.0.0.1:1';
    const user = await member(server);
    const next = uniqueEmail('down');
    const res = await user.client.patch('/api/users/@me/', { email: next });
    // security.md 30: the caller sees the failure instead of waiting for a mail that never comes.
    assert.equal(res.status, 503, res.text);
    assert.equal(res.body.code, 'mail_unavailable');
    assert.equal((await user.client.get('/api/users/@me/')).body.pending_email, null);
    const lines = server.logs.splice(0);
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0], /^mail: could not send an email-change code/);
    assert.ok(!lines[0].includes('hunter2secret'));
    assert.ok(!/\b\d{6}\b/.test(lines[0].replace(/127\.0\.0\.1:\d+/, '')));
  });
});

describe('file transport (USERDESK_MAIL_DIR)', () => {
  test('one private .eml per message, readable as a normal mail', async () => {
    const dir = tempDir('userdesk-mail-');
    try {
      process.env[MAIL_DIR_ENV] = dir;
      const user = await member(server);
      const next = uniqueEmail('file');
      await user.client.patch('/api/users/@me/', { email: next });
      const [mail] = readMailDir(dir);
      assert.match(mail, new RegExp(`^To: ${next}$`, 'm'));
      assert.match(mail, /^Subject: Your Userdesk verification code$/m);
      assert.match(codeIn(mail), /^\d{6}$/);
      const [name] = readdirSync(dir);
      assert.match(name, /\.eml$/);
      if (process.platform !== 'win32') assert.equal(statSync(path.join(dir, name)).mode & 0o777, 0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
