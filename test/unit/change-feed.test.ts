import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createAccount } from '../../main/domain/accounts.js';
import { createKey } from '../../main/domain/api-keys.js';
import { createDeps } from '../../main/domain/create-deps.js';
import { type SecurityEvent, onSecurityEvent } from '../../main/domain/live-events.js';
import { STRONG_PASSWORD, uniqueEmail } from '../helpers/accounts.js';
import { tempDir } from '../helpers/server.js';

/**
 * The change feed's triggers (migration 0004) and the security-event hook, on a real database file
 * with two connections — as the server and the CLI share it.
 */
describe('change feed triggers and onSecurityEvent', () => {
  const dataDir = tempDir('userdesk-feed-');
  const server = createDeps({ dataDir, log: () => {} });
  const cli = createDeps({ dataDir, log: () => {} });
  let userId: number;
  const rows = () =>
    server.db.prepare('SELECT kind, op, row_id, note FROM change_events ORDER BY id').all() as Array<{
      kind: string;
      op: string;
      row_id: string | null;
      note: string | null;
    }>;
  const clear = () => server.db.prepare('DELETE FROM change_events').run();

  before(async () => {
    const user = await createAccount(cli, {
      email: uniqueEmail(),
      password: STRONG_PASSWORD,
      first_name: 'Feed',
    });
    userId = user.id;
  });
  after(() => {
    cli.close();
    server.close();
  });

  test('per-request bookkeeping is quiet: session activity, key use, TOTP step', () => {
    const now = Date.now();
    const sessionId = cli.repos.sessions.insert({
      token_hash: 'h1',
      csrf_token: 'c1',
      user_id: userId,
      state: 'active',
      created_at: now,
      last_activity_at: now,
      expires_at: now + 1000,
      authenticated_at: now,
      two_factor_verified_at: null,
      device: 'Firefox on Linux',
      ip: '127.0.0.1',
    });
    const { key } = createKey(cli, userId, 'k', ['user:read']);
    cli.repos.totpDevices.replace({
      user_id: userId,
      secret_sealed: 'sealed',
      last_step: null,
      created_at: now,
    });
    clear();
    cli.repos.sessions.touch(sessionId, now + 5, now + 2000);
    cli.repos.personalApiKeys.touch(key.id, now + 5);
    cli.repos.totpDevices.acceptStep(userId, 99);
    assert.deepEqual(rows(), []);
    cli.repos.sessions.delete(sessionId);
    assert.deepEqual(rows(), [{ kind: 'sessions', op: 'delete', row_id: String(sessionId), note: null }]);
  });

  test("deleting a user is one event, not one per row it owned; nothing of a row's content", async () => {
    const other = await createAccount(cli, { email: uniqueEmail(), password: STRONG_PASSWORD });
    cli.repos.pushTokens.upsert(other.id, 'secret-device-token', 'ios', Date.now());
    clear();
    cli.repos.users.delete(other.id);
    assert.deepEqual(rows(), [{ kind: 'user', op: 'delete', row_id: other.uuid, note: null }]);
  });

  test('security events from another connection: key created, 2FA off, backup codes running out, sign-in', async () => {
    const seen: SecurityEvent[] = [];
    const stop = onSecurityEvent(server, (e) => seen.push(e));
    try {
      createKey(cli, userId, 'from the cli', ['user:read']);
      const now = Date.now();
      for (let i = 0; i < 5; i++) {
        cli.db
          .prepare('INSERT INTO backup_codes (user_id, code_hash, created_at) VALUES (?, ?, ?)')
          .run(userId, `hash${i}`, now);
      }
      // 5 codes, one used → 4 left: not yet low; another → 3: low.
      const ids = cli.db
        .prepare('SELECT id FROM backup_codes WHERE user_id = ?')
        .pluck()
        .all(userId) as number[];
      cli.repos.backupCodes.markUsed(ids[0], now);
      cli.repos.backupCodes.markUsed(ids[1], now);
      cli.repos.totpDevices.delete(userId);
      cli.repos.sessions.insert({
        token_hash: 'h2',
        csrf_token: 'c2',
        user_id: userId,
        state: 'active',
        created_at: now,
        last_activity_at: now,
        expires_at: now + 1000,
        authenticated_at: now,
        two_factor_verified_at: null,
        device: '',
        ip: '',
      });
      const end = Date.now() + 5000;
      while (seen.length < 4 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(seen.map((e) => [e.type, e.remaining]).sort(), [
        ['api_key_created', null],
        ['backup_codes_low', 3],
        ['new_sign_in', null],
        ['two_factor_disabled', null],
      ]);
      assert.ok(seen.every((e) => e.user.email.startsWith('user.') && !JSON.stringify(e).includes('hash')));
    } finally {
      stop();
    }
  });
});
