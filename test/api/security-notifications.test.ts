import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { SecurityEvent } from '../../main/domain/security-events.js';
import { notificationFor } from '../../main/server-process/security-notifications.js';
import { createKey, signUp } from '../helpers/accounts.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * The desktop app's OS notifications (issue 15 item 1): the server process subscribes to security
 * events through startServer's `onSecurityEvent` and sends each to Electron's main process as a
 * `notify` message (test/electron covers main raising it). Here: the events reach the subscriber,
 * and the notification text names the account, never a secret.
 */
let server: TestServer;
const events: SecurityEvent[] = [];

before(async () => {
  server = await startTestServer({ onSecurityEvent: (event) => events.push(event) });
});
after(() => server.stop());

async function until<T>(find: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    assert.ok(
      Date.now() < deadline,
      `no such security event; saw ${JSON.stringify(events.map((e) => e.type))}`,
    );
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('a sign-in and a new key reach the subscriber; the notification carries no secret', async () => {
  const client = server.client();
  const { email } = await signUp(client);
  const signIn = await until(() => events.find((e) => e.type === 'new_sign_in' && e.user.email === email));
  assert.deepEqual(notificationFor(signIn), {
    title: 'New sign-in to Userdesk',
    body: `${email} signed in. Not you? Review Devices & sessions.`,
  });

  const value = await createKey(client, ['user:read'], 'script');
  const created = await until(() =>
    events.find((e) => e.type === 'api_key_created' && e.user.email === email),
  );
  const note = notificationFor(created);
  assert.equal(note.title, 'New personal API key');
  assert.ok(!JSON.stringify(note).includes(value), 'the key value is never in a notification');
  assert.ok(!JSON.stringify(events).includes(value), 'nor in an event');
});

test('backup codes running out says how many are left', () => {
  const event: SecurityEvent = {
    type: 'backup_codes_low',
    user: { uuid: '00000000-0000-4000-8000-000000000000', email: 'ada@example.com' },
    remaining: 1,
    at: new Date(0).toISOString(),
  };
  assert.deepEqual(notificationFor(event), {
    title: 'Backup codes running out',
    body: 'ada@example.com has 1 backup code left. Make new ones.',
  });
});
