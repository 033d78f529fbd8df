/**
 * security.md 30 and 32 through real HTTP: a PATCH that awaits scrypt re-reads the row in the
 * transaction that writes it (no lost update), and an email change whose code cannot be mailed is
 * an error the caller sees (503 `mail_unavailable`) that leaves nothing pending.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, test } from 'node:test';
import { SMTP_URL_ENV } from '../../main/domain/mail.js';
import { STRONG_PASSWORD } from '../helpers/accounts.js';
import { serverBooter } from './support/boot.js';

const boot = serverBooter('userdesk-writes-');

/** A local port that was free a moment ago and has nobody listening: connections are refused. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('security.md 32: concurrent PATCHes lose nothing', () => {
  test('a password change awaiting scrypt and a parallel preference change both survive', async () => {
    const { fixtures } = await boot();
    const user = await fixtures.user();
    const client = fixtures.client(fixtures.session(user.id));
    const NEW = 'a different but equally strong passphrase 7';
    // The password change is sent first and awaits scrypt (verify, strength, hash); the second
    // PATCH lands meanwhile. Both merge into notification_settings, read-modify-write.
    const [withPassword, plain] = await Promise.all([
      client.patch('/api/users/@me/', {
        current_password: STRONG_PASSWORD,
        password: NEW,
        notification_settings: { plugin_disabled: false },
      }),
      client.patch('/api/users/@me/', {
        first_name: 'Renamed',
        notification_settings: { discussions_mentioned: false },
      }),
    ]);
    assert.equal(withPassword.status, 200, withPassword.text);
    assert.equal(plain.status, 200, plain.text);
    const now = await client.get('/api/users/@me/');
    assert.equal(now.body.first_name, 'Renamed');
    assert.equal(now.body.notification_settings.plugin_disabled, false, 'the password PATCH kept its change');
    assert.equal(now.body.notification_settings.discussions_mentioned, false, 'the plain PATCH was not lost');
    const row = fixtures.deps.repos.users.byId(user.id)!;
    assert.notEqual(row.password_hash, user.password_hash, 'the password changed');
    assert.equal(row.password_changed_at, fixtures.deps.clock.now(), 'password_changed_at is set');
  });
});

describe('security.md 30: an email-change code that cannot be mailed', () => {
  test('answers 503 mail_unavailable and leaves nothing pending', async () => {
    process.env[SMTP_URL_ENV] = `smtp://127.0.0.1:${await closedPort()}`;
    try {
      const { server, fixtures } = await boot();
      const user = await fixtures.user();
      const client = fixtures.client(fixtures.session(user.id));
      const res = await client.patch('/api/users/@me/', { email: 'moved-away@example.com' });
      assert.equal(res.status, 503, res.text);
      assert.deepEqual(res.body, {
        type: 'server_error',
        code: 'mail_unavailable',
        detail: 'The verification code could not be mailed. Check the mail settings and try again.',
        attr: null,
      });
      const row = fixtures.deps.repos.users.byId(user.id)!;
      assert.equal(row.pending_email, null);
      assert.equal(row.email, user.email);
      assert.equal(fixtures.deps.repos.pendingEmailChanges.forUser(user.id), undefined);
      assert.ok(server.logs.some((l) => l.startsWith('mail: could not send an email-change code')));
    } finally {
      delete process.env[SMTP_URL_ENV];
    }
  });
});
