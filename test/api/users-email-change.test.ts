import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { Messages } from '../../shared/errors.js';
import { MAIL_DIR_ENV } from '../../main/domain/mail.js';
import { createKey, uniqueEmail } from '../helpers/accounts.js';
import { tempDir, type TestServer } from '../helpers/server.js';
import {
  type Account,
  assertError,
  codeIn,
  denied,
  eventually,
  mailText,
  member,
  readMailDir,
  serverWithStaff,
  validation,
  withDeps,
} from './support.js';

/** users-api.md §3 "Email change" and §4 row 15 (cancel), plus verify_email. */
let server: TestServer;
let mailDir: string;

before(async () => {
  ({ server } = await serverWithStaff());
});
after(async () => {
  assert.deepEqual(server.logs, []);
  await server.stop();
});

const invalidCode = validation('invalid_code', Messages.emailCodeInvalid, 'code');
const mailTo = (to: string) => readMailDir(mailDir).filter((m) => new RegExp(`^To: ${to}$`, 'm').test(m));

describe('without a mail transport', () => {
  test('the email changes at once, as PostHog does', async () => {
    const user = await member(server);
    const next = uniqueEmail('moved');
    const res = await user.client.patch('/api/users/@me/', { email: next });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.email, next);
    assert.equal(res.body.pending_email, null);
    const types = (await user.client.get('/api/users/@me/activity/')).body.results.map(
      (e: { type: string }) => e.type,
    );
    assert.ok(types.includes('email_changed'));
  });
});

describe('with the file transport (USERDESK_MAIL_DIR)', () => {
  beforeEach(() => {
    mailDir = tempDir('userdesk-mail-');
    process.env[MAIL_DIR_ENV] = mailDir;
  });
  afterEach(() => {
    delete process.env[MAIL_DIR_ENV];
    rmSync(mailDir, { recursive: true, force: true });
  });

  async function requestChange(user: Account) {
    const next = uniqueEmail('new');
    const res = await user.client.patch('/api/users/@me/', { email: next });
    assert.equal(res.status, 200, res.text);
    return { next, res, code: codeIn(mailTo(next).at(-1)!) };
  }

  test('the address goes to pending_email, a code is mailed to it, verify_email promotes it and both addresses are told', async () => {
    const user = await member(server);
    const { next, res, code } = await requestChange(user);
    assert.equal(res.body.email, user.email, 'unchanged until verified');
    assert.equal(res.body.pending_email, next);
    assert.equal(mailTo(next).length, 1);
    assert.equal(mailTo(user.email).length, 0);
    const verified = await user.client.post('/api/users/verify_email/', { uuid: user.uuid, code });
    assert.equal(verified.status, 200, verified.text);
    assert.equal(verified.body.email, next);
    assert.equal(verified.body.pending_email, null);
    assert.equal(verified.body.is_email_verified, true);
    await eventually(() => (mailTo(user.email).length === 1 && mailTo(next).length === 2 ? true : undefined));
    for (const mail of [...mailTo(user.email), mailTo(next)[1]]) {
      assert.match(mailText(mail), /changed from .* to /);
      assert.doesNotMatch(mailText(mail), new RegExp(code), 'the code is never in a notification');
    }
  });

  test('the code is stored hashed and appears in no activity event', async () => {
    const user = await member(server);
    const { code } = await requestChange(user);
    const row = withDeps(server, (deps) => deps.repos.pendingEmailChanges.forUser(user.id))!;
    assert.match(row.code_hash, /^hmac-sha256\$[0-9a-f]{64}$/);
    assert.ok(!row.code_hash.includes(code));
    const events = JSON.stringify((await user.client.get('/api/users/@me/activity/')).body.results);
    assert.ok(events.includes('email_change_requested'));
    assert.ok(!events.includes(code));
  });

  test('a wrong code is 400 invalid_code, and the right one still works after it', async () => {
    const user = await member(server);
    const { code, next } = await requestChange(user);
    const wrong = code === '000000' ? '111111' : '000000';
    assertError(
      await user.client.post('/api/users/verify_email/', { uuid: user.uuid, code: wrong }),
      400,
      invalidCode,
    );
    const res = await user.client.post('/api/users/verify_email/', {
      uuid: user.uuid,
      code: ` ${code.slice(0, 3)}-${code.slice(3)} `,
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.email, next);
  });

  test('five wrong codes void the request', async () => {
    const user = await member(server);
    const { code } = await requestChange(user);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      assertError(
        await user.client.post('/api/users/verify_email/', { uuid: user.uuid, code: wrong }),
        400,
        invalidCode,
      );
    }
    assertError(
      await user.client.post('/api/users/verify_email/', { uuid: user.uuid, code }),
      400,
      invalidCode,
    );
    assert.equal((await user.client.get('/api/users/@me/')).body.pending_email, null);
  });

  test('a code older than 10 minutes is 400 invalid_code', async () => {
    const user = await member(server);
    const { code } = await requestChange(user);
    server.clock.advance(10 * 60 * 1000 + 1000);
    assertError(
      await user.client.post('/api/users/verify_email/', { uuid: user.uuid, code }),
      400,
      invalidCode,
    );
  });

  test('a new request replaces the previous code', async () => {
    const user = await member(server);
    const first = await requestChange(user);
    const second = await requestChange(user);
    if (first.code !== second.code) {
      assertError(
        await user.client.post('/api/users/verify_email/', { uuid: user.uuid, code: first.code }),
        400,
        invalidCode,
      );
    }
    const res = await user.client.post('/api/users/verify_email/', { uuid: user.uuid, code: second.code });
    assert.equal(res.body.email, second.next);
  });

  test('malformed input and unknown users are 400 invalid_code, never a 500', async () => {
    const user = await member(server);
    await requestChange(user);
    for (const body of [
      { uuid: user.uuid, code: 'abcdef' },
      { uuid: user.uuid, code: '1234567' },
      { uuid: 'not-a-uuid', code: '123456' },
      { uuid: '00000000-0000-4000-8000-000000000000', code: 123456 },
    ]) {
      assertError(await server.client().post('/api/users/verify_email/', body), 400, invalidCode);
    }
    assertError(
      await server.client().post('/api/users/verify_email/', { uuid: user.uuid }),
      400,
      validation('required', Messages.required, 'code'),
    );
  });

  test('an address taken while the code was in the mail is refused at verification', async () => {
    const user = await member(server);
    const { next, code } = await requestChange(user);
    await member(server, { email: next });
    assertError(
      await user.client.post('/api/users/verify_email/', { uuid: user.uuid, code }),
      400,
      validation('unique', Messages.emailTaken, 'email'),
    );
  });

  test('a case-only change applies at once, without a code', async () => {
    const user = await member(server);
    const res = await user.client.patch('/api/users/@me/', { email: user.email.toUpperCase() });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.email, user.email.toUpperCase());
    assert.equal(res.body.pending_email, null);
    assert.equal(readMailDir(mailDir).length, 0);
  });

  test('cancel_email_change_request clears pending_email and voids the code', async () => {
    const user = await member(server);
    const { code } = await requestChange(user);
    const res = await user.client.patch('/api/users/cancel_email_change_request/', {});
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.pending_email, null);
    assert.equal(res.body.email, user.email);
    assertError(
      await user.client.post('/api/users/verify_email/', { uuid: user.uuid, code }),
      400,
      invalidCode,
    );
  });
});

describe('cancel_email_change_request errors', () => {
  test('no pending change is 400 email_change_request_not_found', async () => {
    const user = await member(server);
    assertError(
      await user.client.patch('/api/users/cancel_email_change_request/'),
      400,
      validation('email_change_request_not_found', 'No active email change requests found.'),
    );
  });

  test('a personal API key gets 403: session only', async () => {
    const user = await member(server);
    const key = await createKey(user.client, ['*']);
    assertError(
      await user.client.patch('/api/users/cancel_email_change_request/', {}, { key }),
      403,
      denied(Messages.keyNotSupported),
    );
  });

  test('it is sensitive: 403 sensitive_action_required_reauth after 2 hours', async () => {
    const user = await member(server);
    server.clock.advance(2 * 60 * 60 * 1000 + 1);
    assertError(
      await user.client.patch('/api/users/cancel_email_change_request/', {}),
      403,
      denied(Messages.sensitiveReauth, 'sensitive_action_required_reauth'),
    );
    assertError(
      await user.client.patch('/api/users/@me/', { email: uniqueEmail() }),
      403,
      denied(Messages.sensitiveReauth, 'sensitive_action_required_reauth'),
    );
  });
});
