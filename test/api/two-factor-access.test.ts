/**
 * Who may call the two-factor routes (users-api.md §4 rows 10–14): session only, the sensitive
 * gate, `@me` versus staff, the pending setup bound to its session and expiring, one device per
 * user, and the routes in /api/schema/.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { totpAt } from '../../main/domain/totp.js';
import { logIn, signUp, STRONG_PASSWORD } from '../helpers/accounts.js';
import { createUserDirect } from '../helpers/direct.js';
import type { HttpClient } from '../helpers/http-client.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { enrol, pendingClient, STEP_MS, TOKEN_INVALID } from './two-factor-helpers.js';

let server: TestServer;
let staff: HttpClient;
before(async () => {
  server = await startTestServer();
  staff = server.client();
  await signUp(staff); // the first account: staff
});
after(() => server.stop());

async function member(scopes?: string[]) {
  const user = await createUserDirect(server.dataDir, { scopes });
  const client = server.client();
  assert.equal((await logIn(client, user.email)).status, 200);
  return { ...user, client };
}

const ROUTES = [
  ['GET', 'two_factor_start_setup'],
  ['GET', 'start_2fa_setup'],
  ['POST', 'two_factor_validate'],
  ['POST', 'validate_2fa'],
  ['GET', 'two_factor_status'],
  ['POST', 'two_factor_backup_codes'],
  ['POST', 'two_factor_disable'],
] as const;

describe('two-factor access', () => {
  test('personal API keys are refused on every two-factor route, whatever their scope', async () => {
    const { key } = await member(['*']);
    for (const [method, name] of ROUTES) {
      const res = await server.client().request(method, `/api/users/@me/${name}/`, {
        key,
        ...(method === 'POST' ? { json: { token: '123456' } } : {}),
      });
      assert.equal(res.status, 403, name);
      assert.deepEqual(res.body, {
        type: 'authentication_error',
        code: 'permission_denied',
        detail: 'This action does not support personal API key access',
        attr: null,
      });
    }
  });

  test('no session is 401 everywhere, /api/login/token included', async () => {
    for (const [method, name] of ROUTES) {
      const res = await server
        .client()
        .request(method, `/api/users/@me/${name}/`, method === 'POST' ? { json: {} } : {});
      assert.equal(res.status, 401, name);
      assert.equal(res.body.code, 'not_authenticated');
    }
    // Even with no body: the caller is checked before the body.
    const res = await server.client().post('/api/login/token/', {});
    assert.equal(res.status, 401);
  });

  test('a member may not name another user; staff may read status and disable, not make codes', async () => {
    const a = await member();
    const b = await member();
    await enrol(server, b.client);
    const other = await a.client.get(`/api/users/${b.uuid}/two_factor_status/`);
    assert.equal(other.status, 403);
    assert.equal(
      other.body.detail,
      "As a non-staff user you're only allowed to access the `@me` user instance.",
    );
    assert.equal((await a.client.post(`/api/users/${b.uuid}/two_factor_disable/`)).status, 403);

    const status = await staff.get(`/api/users/${b.uuid}/two_factor_status/`);
    assert.equal(status.status, 200);
    assert.equal(status.body.is_enabled, true);
    const codes = await staff.post(`/api/users/${b.uuid}/two_factor_backup_codes/`);
    assert.equal(codes.status, 403);
    assert.equal(codes.body.detail, 'Backup codes can only be generated for your own account.');
    assert.equal(
      (await staff.get('/api/users/00000000-0000-4000-8000-000000000000/two_factor_status/')).status,
      404,
    );

    // Staff disabling for b: b signs in with the password alone afterwards.
    await pendingClient(server, b.email);
    const disabled = await staff.post(`/api/users/${b.uuid}/two_factor_disable/`);
    assert.equal(disabled.status, 200);
    assert.equal((await logIn(server.client(), b.email)).status, 200);
  });

  test("staff disabling for someone needs the staff member's own recent login", async () => {
    const b = await member();
    await enrol(server, b.client);
    server.clock.advance(2 * 60 * 60 * 1000);
    // b's own window has passed as well as staff's; only staff's is consulted here.
    const res = await staff.post(`/api/users/${b.uuid}/two_factor_disable/`);
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'sensitive_action_required_reauth');
    const staffEmail = (await staff.get('/api/users/@me/')).body.email as string;
    assert.equal((await logIn(staff, staffEmail)).status, 200); // staff has no 2FA: re-login is one step
    assert.equal((await staff.post(`/api/users/${b.uuid}/two_factor_disable/`)).status, 200);
    assert.equal((await staff.get(`/api/users/${b.uuid}/two_factor_status/`)).body.is_enabled, false);
  });

  test('validate is sensitive; start setup is not', async () => {
    const a = await member();
    server.clock.advance(2 * 60 * 60 * 1000);
    const start = await a.client.get('/api/users/@me/two_factor_start_setup/');
    assert.equal(start.status, 200);
    const res = await a.client.post('/api/users/@me/two_factor_validate/', {
      token: await totpAt(start.body.secret, server.clock.now()),
    });
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'sensitive_action_required_reauth');
  });

  test('the pending secret belongs to the session that started it and lasts 10 minutes', async () => {
    const a = await member();
    const start = await a.client.get('/api/users/@me/two_factor_start_setup/');
    const secret = start.body.secret as string;
    const second = server.client();
    assert.equal((await logIn(second, a.email)).status, 200);
    const elsewhere = await second.post('/api/users/@me/two_factor_validate/', {
      token: await totpAt(secret, server.clock.now()),
    });
    assert.equal(elsewhere.status, 400);
    assert.equal(elsewhere.body.code, 'setup_expired');

    server.clock.advance(10 * 60 * 1000);
    const late = await a.client.post('/api/users/@me/two_factor_validate/', {
      token: await totpAt(secret, server.clock.now()),
    });
    assert.deepEqual(late.body, {
      type: 'validation_error',
      code: 'setup_expired',
      detail: '2FA setup session expired. Please start setup again.',
      attr: null,
    });
  });

  test('enrolling again replaces the device: one device, and only the new secret works', async () => {
    const a = await member();
    const first = await enrol(server, a.client);
    server.clock.advance(STEP_MS);
    const second = await enrol(server, a.client);
    const db = new Database(path.join(server.dataDir, 'userdesk.db'), { readonly: true });
    try {
      const { n } = db.prepare('SELECT count(*) AS n FROM totp_devices WHERE user_id = ?').get(a.id) as {
        n: number;
      };
      assert.equal(n, 1);
    } finally {
      db.close();
    }
    server.clock.advance(STEP_MS);
    const c = await pendingClient(server, a.email, STRONG_PASSWORD);
    assert.deepEqual(
      (await c.post('/api/login/token/', { token: await totpAt(first, server.clock.now()) })).body,
      TOKEN_INVALID,
    );
    assert.equal(
      (await c.post('/api/login/token/', { token: await totpAt(second, server.clock.now()) })).status,
      200,
    );
  });

  test('the routes are in /api/schema/ with their schemas', async () => {
    const doc = (await server.client().get('/api/schema/')).body;
    for (const [method, name] of ROUTES) {
      assert.ok(doc.paths[`/api/users/{uuid}/${name}/`]?.[method.toLowerCase()], name);
    }
    assert.ok(doc.paths['/api/login/token/'].post.requestBody);
    for (const id of [
      'TwoFactorStartSetupResponse',
      'TwoFactorValidateRequest',
      'TwoFactorStatus',
      'BackupCodesResponse',
    ]) {
      assert.ok(doc.components.schemas[id], id);
    }
  });
});
