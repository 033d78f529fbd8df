/**
 * The two-factor domain on a real SQLite file, without HTTP: the back-off schedule and the
 * 100-failure lock of second-factor-guard.ts, secrets sealed to their row, the accepted step stored
 * at enrolment, and the second step on a pending session.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { ApiError } from '../../shared/errors.js';
import { createAccount } from '../../main/domain/accounts.js';
import { createDeps } from '../../main/domain/create-deps.js';
import { manualClock, NO_CONTEXT, type Deps } from '../../main/domain/deps.js';
import {
  admitSecondFactorTry,
  resetSecondFactorFailures,
  secondFactorFailures,
} from '../../main/domain/second-factor-guard.js';
import { SecretBoxError } from '../../main/domain/secret-box.js';
import { issueSession } from '../../main/domain/sessions.js';
import { totpAt, totpStepAt } from '../../main/domain/totp.js';
import { openDeviceSecret, regenerateBackupCodes, twoFactorStatus } from '../../main/domain/two-factor.js';
import { completeSecondFactor } from '../../main/domain/two-factor-login.js';
import { startTwoFactorSetup, validateTwoFactorSetup } from '../../main/domain/two-factor-setup.js';
import type { UserRow } from '../../main/db/repos/users.js';
import { STRONG_PASSWORD, uniqueEmail } from '../helpers/accounts.js';
import { tempDir } from '../helpers/server.js';

const clock = manualClock(Date.UTC(2026, 0, 15, 12, 0, 0));
const dataDir = tempDir();
let deps: Deps & { close(): void };
before(() => {
  deps = createDeps({ dataDir, clock, log: () => {} });
});
after(() => {
  deps.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const newUser = () =>
  createAccount(deps, {
    email: uniqueEmail(),
    password: STRONG_PASSWORD,
    first_name: 'Unit',
  }) as Promise<UserRow>;

function refusal(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ApiError);
    return error;
  }
  assert.fail('expected a refusal');
}

describe('second-factor guard', () => {
  test('5 free tries, then waits of 1, 2, 4 … s, capped at one hour', async () => {
    const user = await newUser();
    const admit = () => admitSecondFactorTry(deps, user.id, { kind: 'totp', via: 'login' }, NO_CONTEXT);
    for (let i = 0; i < 5; i++) admit();
    assert.equal(secondFactorFailures(deps, user.id), 5);
    const waits: number[] = [];
    for (let n = 5; n < 20; n++) {
      const error = refusal(admit);
      assert.equal(error.status, 429);
      assert.equal(error.code, 'throttled');
      const wait = Number(error.headers['Retry-After']);
      assert.equal(error.detail, `Request was throttled. Expected available in ${wait} seconds.`);
      waits.push(wait);
      // A refused try is not counted: the wait does not grow by hammering.
      assert.equal(secondFactorFailures(deps, user.id), n);
      clock.advance(wait * 1000);
      admit();
    }
    assert.deepEqual(waits, [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 3600, 3600, 3600]);
    resetSecondFactorFailures(deps, user.id);
    assert.equal(secondFactorFailures(deps, user.id), 0);
    admit();
  });

  test('from 100 consecutive failures TOTP tries are locked, backup codes are not', async () => {
    const user = await newUser();
    const now = clock.now();
    deps.repos.throttles.put({
      key: `2fa:${user.id}`,
      count: 100,
      window_start: now,
      last_at: now - 3_600_000,
    });
    const locked = refusal(() =>
      admitSecondFactorTry(deps, user.id, { kind: 'totp', via: 'login' }, NO_CONTEXT),
    );
    assert.equal(locked.status, 403);
    assert.equal(locked.code, '2fa_locked');
    assert.equal(secondFactorFailures(deps, user.id), 100);
    admitSecondFactorTry(deps, user.id, { kind: 'backup_code', via: 'login' }, NO_CONTEXT);
    assert.equal(secondFactorFailures(deps, user.id), 101);
  });
});

describe('two-factor domain', () => {
  test('enrolment seals the secret to its user and stores the accepted step', async () => {
    const user = await newUser();
    const session = issueSession(deps, user.id, 'active', NO_CONTEXT).row;
    const { secret } = startTwoFactorSetup(deps, user, session);
    const pending = deps.repos.pendingTotpSetups.forSession(session.id);
    assert.ok(pending && !pending.secret_sealed.includes(secret));
    await validateTwoFactorSetup(deps, user, session, await totpAt(secret, clock.now()), NO_CONTEXT);

    const device = deps.repos.totpDevices.forUser(user.id);
    assert.ok(device);
    assert.equal(device.last_step, totpStepAt(clock.now()));
    assert.equal(openDeviceSecret(deps, device), secret);
    // The same sealed value in another user's row does not open.
    const other = await newUser();
    assert.throws(() => openDeviceSecret(deps, { ...device, user_id: other.id }), SecretBoxError);
    assert.ok(deps.repos.sessions.byIdForUser(session.id, user.id)?.two_factor_verified_at);
    assert.deepEqual(twoFactorStatus(deps, user), {
      is_enabled: true,
      method: 'TOTP',
      has_totp: true,
      has_passkeys: false,
      passkeys_enabled_for_2fa: false,
      backup_codes_remaining: 0,
    });
  });

  test('the second step activates a pending session; a backup code is used once and hashed', async () => {
    const user = await newUser();
    const session = issueSession(deps, user.id, 'active', NO_CONTEXT).row;
    const { secret } = startTwoFactorSetup(deps, user, session);
    await validateTwoFactorSetup(deps, user, session, await totpAt(secret, clock.now()), NO_CONTEXT);
    const codes = await regenerateBackupCodes(deps, user, user, NO_CONTEXT);
    const stored = deps.repos.backupCodes.unusedForUser(user.id);
    assert.equal(stored.length, 10);
    for (const row of stored)
      for (const code of codes) assert.ok(!row.code_hash.includes(code.replace('-', '')));

    const pending = issueSession(deps, user.id, 'pending_2fa', NO_CONTEXT).row;
    await completeSecondFactor(deps, pending, codes[0], NO_CONTEXT);
    const activated = deps.repos.sessions.byIdForUser(pending.id, user.id);
    assert.equal(activated?.state, 'active');
    assert.equal(activated?.authenticated_at, clock.now());
    assert.equal(deps.repos.backupCodes.countUnused(user.id), 9);

    const again = issueSession(deps, user.id, 'pending_2fa', NO_CONTEXT).row;
    await assert.rejects(completeSecondFactor(deps, again, codes[0], NO_CONTEXT), { code: 'token_invalid' });
    assert.equal(deps.repos.sessions.byIdForUser(again.id, user.id)?.state, 'pending_2fa');
  });
});
