/**
 * security.md 23: every throttle counts a try *before* its first await, so a burst of parallel
 * requests cannot all pass the check while the first one is still hashing. Each throttle gets a
 * burst through real HTTP (Promise.all); the number of tries that reached the check behind the
 * throttle is read from the activity log (one `login_failed` / `two_factor_failed` /
 * `email_change_code_failed` per verification that ran) and from the answers.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { totpAt } from '../../main/domain/totp.js';
import { STRONG_PASSWORD } from '../helpers/accounts.js';
import type { HttpResponse } from '../helpers/http-client.js';
import { wrongCode } from '../api/two-factor-helpers.js';
import { assertErrorShape } from './support/contract.js';
import { serverBooter } from './support/boot.js';
import type { Fixtures } from './support/fixtures.js';

const BURST = 40;
const boot = serverBooter('userdesk-burst-');

/** Activity events of one type for one user, straight from the database. */
function eventsOf(fixtures: Fixtures, userId: number, type: string): number {
  const row = fixtures.deps.db
    .prepare('SELECT count(*) AS n FROM activity_events WHERE user_id = ? AND type = ?')
    .get(userId, type) as { n: number };
  return row.n;
}

function tally(responses: HttpResponse[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of responses) {
    if (r.status >= 400) assertErrorShape(r.status, r.body, `burst ${r.status}`);
    const key = `${r.status} ${r.body?.code ?? ''}`.trim();
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

describe('security.md 23: throttles count before they await', () => {
  test('password login: 40 wrong passwords at once reach verification at most 5 times; the right one right after is 429', async () => {
    const { server, fixtures } = await boot();
    const user = await fixtures.user();
    const burst = await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        server.client().post('/api/login/', { email: user.email, password: `wrong guess ${i}` }),
      ),
    );
    const counts = tally(burst);
    const verified = eventsOf(fixtures, user.id, 'login_failed');
    assert.ok(verified <= 5, `${verified} password verifications ran (${JSON.stringify(counts)})`);
    assert.equal((counts['400 invalid_credentials'] ?? 0) + (counts['429 throttled'] ?? 0), BURST);
    assert.ok((counts['400 invalid_credentials'] ?? 0) <= 5, JSON.stringify(counts));
    const right = await server.client().post('/api/login/', { email: user.email, password: STRONG_PASSWORD });
    assert.equal(right.status, 429, right.text);
    assert.equal(right.body.code, 'throttled');
    assert.equal(right.headers['set-cookie'], undefined);
  });

  test('password login for an unknown email is throttled the same way (no account oracle)', async () => {
    const { server } = await boot();
    const burst = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        server.client().post('/api/login/', { email: 'nobody@example.com', password: `guess ${i}` }),
      ),
    );
    const counts = tally(burst);
    assert.ok((counts['400 invalid_credentials'] ?? 0) <= 5, JSON.stringify(counts));
    assert.equal((counts['400 invalid_credentials'] ?? 0) + (counts['429 throttled'] ?? 0), 20);
  });

  test('current_password: 20 parallel PATCHes with a wrong one check it at most 5 times', async () => {
    const { fixtures } = await boot();
    const user = await fixtures.user();
    const session = fixtures.session(user.id);
    const burst = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        fixtures.client(session).patch('/api/users/@me/', {
          current_password: `nope ${i}`,
          password: 'a different but equally strong passphrase 7',
        }),
      ),
    );
    const counts = tally(burst);
    assert.ok((counts['400 incorrect_password'] ?? 0) <= 5, JSON.stringify(counts));
    assert.equal((counts['400 incorrect_password'] ?? 0) + (counts['429 throttled'] ?? 0), 20);
    const right = await fixtures.client(session).patch('/api/users/@me/', {
      current_password: STRONG_PASSWORD,
      password: 'another strong passphrase 8',
    });
    assert.equal(right.status, 429, right.text);
  });

  test('second factor: 40 wrong codes at once on one half-login are checked at most 5 times', async () => {
    const { server, fixtures } = await boot();
    const user = await fixtures.user();
    const secret = fixtures.totp(user.id);
    const client = fixtures.client(fixtures.pendingSession(user.id));
    const code = await wrongCode(secret, server.clock.now());
    const burst = await Promise.all(
      Array.from({ length: BURST }, () => client.post('/api/login/token/', { token: code })),
    );
    const counts = tally(burst);
    assert.ok((counts['400 token_invalid'] ?? 0) <= 5, JSON.stringify(counts));
    assert.equal((counts['400 token_invalid'] ?? 0) + (counts['429 throttled'] ?? 0), BURST);
    assert.ok(eventsOf(fixtures, user.id, 'two_factor_failed') <= 5);
    const right = await client.post('/api/login/token/', { token: await totpAt(secret, server.clock.now()) });
    assert.equal(right.status, 429, right.text);
  });

  test('email-change code: 40 wrong codes at once use at most the 5 tries, then the change is void', async () => {
    const { server, fixtures } = await boot();
    const user = await fixtures.user();
    // A pending change made through the domain, so no mail transport is needed for the code.
    fixtures.deps.db
      .prepare(
        'INSERT INTO pending_email_changes (user_id, new_email, code_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(user.id, 'moved@example.com', 'hmac-sha256$00', server.clock.now(), server.clock.now() + 600_000);
    const burst = await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        server.client().post('/api/users/verify_email/', {
          uuid: user.uuid,
          code: String(100000 + i),
        }),
      ),
    );
    const counts = tally(burst);
    assert.deepEqual(counts, { '400 invalid_code': BURST });
    assert.ok(eventsOf(fixtures, user.id, 'email_change_code_failed') <= 5);
    assert.equal(fixtures.deps.repos.pendingEmailChanges.forUser(user.id), undefined, 'voided');
  });
});
