import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SecurityCheckupSchema, SecurityOverviewSchema } from '../../shared/checkup.js';
import { Messages } from '../../shared/errors.js';
import { passwordStrength } from '../../main/domain/passwords.js';
import { createKey } from '../helpers/accounts.js';
import type { TestServer } from '../helpers/server.js';
import {
  type Account,
  assertError,
  denied,
  member,
  serverWithStaff,
  STRONG_PASSWORD,
  withDeps,
} from './support.js';
import { enrol } from './two-factor-helpers.js';

const DAY = 24 * 60 * 60 * 1000;
const ids = (body: { findings: Array<{ id: string }> }) => body.findings.map((f) => f.id);

describe('GET /api/users/@me/security_checkup/ and /api/users/security_overview/', () => {
  let server: TestServer;
  let staff: Account;
  before(async () => {
    // Sessions live long enough here to become "idle for 30 days" without expiring.
    ({ server, staff } = await serverWithStaff({
      config: { sessionIdleMs: 365 * DAY, sessionAbsoluteMs: 365 * DAY },
    }));
  });
  after(() => server.stop());

  test("a fresh account: two-factor off is the one finding; the password's score at set time is kept", async () => {
    const alice = await member(server);
    const res = await alice.client.get('/api/users/@me/security_checkup/');
    assert.equal(res.status, 200, res.text);
    SecurityCheckupSchema.parse(res.body);
    const expected = (await passwordStrength(STRONG_PASSWORD, [alice.email, 'Test', ''])).score;
    assert.deepEqual(
      { ...res.body, checked_at: undefined },
      {
        score: 70,
        findings: [
          {
            id: 'two_factor_off',
            severity: 'high',
            penalty: 30,
            detail: 'Two-factor authentication is off.',
            fix: 'enable_two_factor',
            target_id: null,
            target_label: null,
          },
        ],
        two_factor_enabled: false,
        backup_codes_remaining: null,
        password_strength: expected,
        checked_at: undefined,
      },
    );
  });

  test('a changed password stores its new score, never the password', async () => {
    const bob = await member(server);
    const next = 'quartz walrus jubilant 1987 tiles';
    const res = await bob.client.patch('/api/users/@me/', {
      password: next,
      current_password: STRONG_PASSWORD,
    });
    assert.equal(res.status, 200, res.text);
    const row = withDeps(server, (deps) =>
      deps.db.prepare('SELECT * FROM users WHERE id = ?').get(bob.id),
    ) as Record<string, unknown>;
    assert.equal(row.password_strength, (await passwordStrength(next, [bob.email, 'Test', ''])).score);
    assert.ok(!Object.values(row).some((v) => typeof v === 'string' && v.includes(next)));
  });

  test('weak or unknown password strength, pending email change, backup codes running out', async () => {
    const carol = await member(server);
    await enrol(server, carol.client);
    const codes = await carol.client.post('/api/users/@me/two_factor_backup_codes/', {});
    assert.equal(codes.status, 200, codes.text);
    const now = server.clock.now();
    withDeps(server, (deps) => {
      deps.db.prepare('UPDATE users SET password_strength = 1 WHERE id = ?').run(carol.id);
      // Seven of ten codes used: three left.
      deps.db
        .prepare(
          'UPDATE backup_codes SET used_at = ? WHERE id IN (SELECT id FROM backup_codes WHERE user_id = ? LIMIT 7)',
        )
        .run(now, carol.id);
      deps.repos.pendingEmailChanges.replace({
        user_id: carol.id,
        new_email: 'carol.new@example.com',
        code_hash: 'not-a-real-hash',
        created_at: now,
        expires_at: now + DAY,
      });
    });
    const res = await carol.client.get('/api/users/@me/security_checkup/');
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(ids(res.body), ['password_weak', 'backup_codes_low', 'email_change_pending']);
    assert.equal(res.body.findings[1].detail, 'Only 3 backup codes left.');
    assert.equal(res.body.score, 100 - 20 - 10 - 5);
    assert.equal(res.body.backup_codes_remaining, 3);
    assert.equal(res.body.two_factor_enabled, true);

    withDeps(server, (deps) =>
      deps.db.prepare('UPDATE users SET password_strength = NULL WHERE id = ?').run(carol.id),
    );
    const unknown = await carol.client.get('/api/users/@me/security_checkup/');
    assert.deepEqual(ids(unknown.body), [
      'backup_codes_low',
      'password_strength_unknown',
      'email_change_pending',
    ]);
    assert.equal(unknown.body.password_strength, null);
  });

  test('who may read a checkup: yourself (session or a user:read key), staff for anyone', async () => {
    const erin = await member(server);
    const frank = await member(server);
    assertError(
      await erin.client.get(`/api/users/${frank.uuid}/security_checkup/`),
      403,
      denied(Messages.meOnly),
    );
    const key = await createKey(erin.client, ['user:read']);
    const byKey = await server.client().get('/api/users/@me/security_checkup/', { key });
    assert.equal(byKey.status, 200, byKey.text);
    const byStaff = await staff.client.get(`/api/users/${frank.uuid}/security_checkup/`);
    assert.equal(byStaff.status, 200, byStaff.text);
    assert.deepEqual(ids(byStaff.body), ['two_factor_off']);
    assertError(await server.client().get('/api/users/@me/security_checkup/'), 401, {
      type: 'authentication_error',
      code: 'not_authenticated',
      detail: Messages.notAuthenticated,
    });
  });

  test('admin overview: staff only; two-factor coverage, staff without two-factor, stale keys with owners', async () => {
    const gina = await member(server);
    assertError(await gina.client.get('/api/users/security_overview/'), 403, denied(Messages.notStaff));
    const staffKey = await createKey(staff.client, ['*'], 'staff wildcard');
    const res = await staff.client.get('/api/users/security_overview/');
    assert.equal(res.status, 200, res.text);
    const body = SecurityOverviewSchema.parse(res.body);
    const count = withDeps(server, (deps) => ({
      users: deps.db.prepare('SELECT count(*) FROM users').pluck().get() as number,
      totp: deps.db.prepare('SELECT count(*) FROM totp_devices').pluck().get() as number,
      hashes: deps.db.prepare('SELECT secure_value FROM personal_api_keys').pluck().all() as string[],
    }));
    assert.equal(body.users_total, count.users);
    assert.equal(body.with_two_factor, count.totp);
    assert.equal(body.without_two_factor, count.users - count.totp);
    assert.deepEqual(
      body.staff_without_two_factor.map((u) => u.uuid),
      [staff.uuid],
    );
    const mine = body.stale_keys.find((k) => k.label === 'staff wildcard')!;
    assert.deepEqual([mine.user_uuid, mine.reasons], [staff.uuid, ['wildcard_scope']]);
    assert.equal(body.users.find((u) => u.uuid === staff.uuid)!.stale_key_count, 1);
    for (const secret of [staffKey, ...count.hashes]) assert.ok(!res.text.includes(secret));

    await enrol(server, staff.client);
    const after2fa = await staff.client.get('/api/users/security_overview/');
    assert.deepEqual(after2fa.body.staff_without_two_factor, []);
    assert.equal(after2fa.body.with_two_factor, count.totp + 1);
  });

  test('both are in /api/schema/', async () => {
    const res = await staff.client.get('/api/schema/');
    assert.ok(res.body.paths['/api/users/{uuid}/security_checkup/'].get);
    assert.ok(res.body.paths['/api/users/security_overview/'].get);
  });
  // Last: it moves the server's clock 91 days on.
  test('keys with * scope, keys unused for 90 days and sessions idle for 30 days, each with its target', async () => {
    const dave = await member(server);
    const idle = server.client();
    assert.equal(
      (await idle.post('/api/login/', { email: dave.email, password: STRONG_PASSWORD })).status,
      200,
    );
    await createKey(dave.client, ['*'], 'everything');
    server.clock.advance(1000); // distinct creation times: the list's order is defined
    await createKey(dave.client, ['user:read'], 'reader');
    const keys = (await dave.client.get('/api/personal_api_keys/')).body as Array<{
      id: string;
      label: string;
    }>;
    const everything = keys.find((k) => k.label === 'everything')!;
    const reader = keys.find((k) => k.label === 'reader')!;
    const sessions = (await idle.get('/api/users/@me/login_sessions/')).body as Array<{
      id: number;
      is_current: boolean;
    }>;
    const idleSession = sessions.find((s) => s.is_current)!;

    const now = await dave.client.get('/api/users/@me/security_checkup/');
    assert.deepEqual(ids(now.body), ['two_factor_off', 'api_key_wildcard_scope']);
    assert.deepEqual(
      [now.body.findings[1].target_id, now.body.findings[1].target_label, now.body.findings[1].fix],
      [everything.id, 'everything', 'edit_api_key_scopes'],
    );

    server.clock.advance(91 * DAY);
    const later = await dave.client.get('/api/users/@me/security_checkup/');
    assert.equal(later.status, 200, later.text);
    const targets = later.body.findings.map((f: { id: string; target_id: string | null; fix: string }) => [
      f.id,
      f.target_id,
      f.fix,
    ]);
    assert.deepEqual(targets, [
      ['two_factor_off', null, 'enable_two_factor'],
      ['api_key_wildcard_scope', everything.id, 'edit_api_key_scopes'],
      // Keys in the list's order (newest first), high severity first overall.
      ['api_key_unused', reader.id, 'delete_api_key'],
      ['api_key_unused', everything.id, 'delete_api_key'],
      ['session_idle', String(idleSession.id), 'revoke_session'],
    ]);
    assert.equal(later.body.score, 100 - 30 - 10 - 5 - 5 - 5);
  });
});
