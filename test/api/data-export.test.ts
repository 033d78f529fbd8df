import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Messages } from '../../shared/errors.js';
import { AllUsersExportSchema, EXPORT_USER_COLUMNS, MyDataExportSchema } from '../../shared/export.js';
import { createKey } from '../helpers/accounts.js';
import { cliFromSource } from '../helpers/cli-from-source.js';
import { type TestServer, tempDir } from '../helpers/server.js';
import {
  type Account,
  assertError,
  denied,
  member,
  serverWithStaff,
  STRONG_PASSWORD,
  validation,
  withDeps,
} from './support.js';
import { enrol } from './two-factor-helpers.js';

const cli = cliFromSource;

describe('exports: GET /api/users/@me/export/, GET /api/users/export/, userdesk export', () => {
  let server: TestServer;
  let staff: Account;
  let victim: Account;
  /** Every secret the victim's account has, plaintext and stored form. */
  let secrets: string[];
  const PUSH_TOKEN = 'apns-device-token-that-must-stay-private-1234';
  const FORMULA = '=HYPERLINK("http://evil.example")';

  /** Fails naming the secret if any byte sequence of one appears in `text`. */
  const assertNoSecret = (text: string, where: string) => {
    for (const s of secrets) assert.ok(!text.includes(s), `${where} contains a secret: ${s}`);
  };

  before(async () => {
    ({ server, staff } = await serverWithStaff());
    victim = await member(server);
    const patched = await victim.client.patch('/api/users/@me/', { first_name: FORMULA, theme_mode: 'dark' });
    assert.equal(patched.status, 200, patched.text);
    const key = await createKey(victim.client, ['user:read'], 'my script');
    const push = await victim.client.post('/api/users/@me/push_tokens/', {
      token: PUSH_TOKEN,
      platform: 'ios',
    });
    assert.equal(push.status, 200, push.text);
    const totpSecret = await enrol(server, victim.client);
    const codes = await victim.client.post('/api/users/@me/two_factor_backup_codes/', {});
    assert.equal(codes.status, 200, codes.text);
    const stored = withDeps(server, (deps) => [
      ...(deps.db.prepare('SELECT password_hash FROM users').pluck().all() as string[]),
      ...(deps.db.prepare('SELECT secure_value FROM personal_api_keys').pluck().all() as string[]),
      ...(deps.db.prepare('SELECT token_hash, csrf_token FROM sessions').raw().all().flat() as string[]),
      ...(deps.db.prepare('SELECT secret_sealed FROM totp_devices').pluck().all() as string[]),
      ...(deps.db.prepare('SELECT code_hash FROM backup_codes').pluck().all() as string[]),
    ]);
    secrets = [
      STRONG_PASSWORD,
      key,
      PUSH_TOKEN,
      totpSecret,
      victim.client.cookies.get('sessionid')!,
      victim.client.cookies.get('csrftoken')!,
      staff.client.cookies.get('sessionid')!,
      ...(codes.body.backup_codes as string[]),
      ...stored,
    ];
    assert.ok(secrets.every((s) => typeof s === 'string' && s.length >= 6));
  });
  after(() => server.stop());

  test('your data: profile, personalisation, devices, sessions, masked keys, activity — no secret', async () => {
    const res = await victim.client.get('/api/users/@me/export/');
    assert.equal(res.status, 200, res.text);
    assert.match(
      String(res.headers['content-disposition']),
      /^attachment; filename="userdesk-my-data-\d{4}-\d\d-\d\d\.json"$/,
    );
    const data = MyDataExportSchema.parse(res.body);
    assert.equal(data.profile.uuid, victim.uuid);
    assert.equal(data.profile.first_name, FORMULA);
    assert.equal(data.personalisation.theme_mode, 'dark');
    assert.deepEqual(
      data.devices.map((d) => d.platform),
      ['ios'],
    );
    assert.deepEqual(
      data.api_keys.map((k) => [k.label, k.mask_value.startsWith('phx_')]),
      [['my script', true]],
    );
    assert.deepEqual(data.two_factor.enabled, true);
    assert.equal(data.two_factor.backup_codes_remaining, 10);
    assert.ok(data.sessions.length >= 1);
    assert.ok(
      data.activity.some((e) => e.type === 'two_factor_enabled'),
      JSON.stringify(data.activity),
    );
    assertNoSecret(res.text, 'the API export');
  });

  test('your data is yours: session only, `@me` only even for staff', async () => {
    const key = await createKey(victim.client, ['*'], 'all scopes');
    assertError(
      await server.client().get('/api/users/@me/export/', { key }),
      403,
      denied(Messages.keyNotSupported),
    );
    assertError(await staff.client.get(`/api/users/${victim.uuid}/export/`), 403, denied(Messages.meOnly));
    assertError(await server.client().get('/api/users/@me/export/'), 401, {
      type: 'authentication_error',
      code: 'not_authenticated',
      detail: Messages.notAuthenticated,
    });
    const own = await victim.client.get(`/api/users/${victim.uuid}/export/`);
    assert.equal(own.status, 200, own.text);
  });

  test('admin export as JSON: staff only, one row per user, no secret', async () => {
    assertError(await victim.client.get('/api/users/export/'), 403, denied(Messages.notStaff));
    const res = await staff.client.get('/api/users/export/?format=json');
    assert.equal(res.status, 200, res.text);
    const data = AllUsersExportSchema.parse(res.body);
    const count = withDeps(server, (deps) => deps.db.prepare('SELECT count(*) FROM users').pluck().get());
    assert.equal(data.users.length, count);
    const row = data.users.find((u) => u.uuid === victim.uuid)!;
    assert.deepEqual(
      [row.two_factor_enabled, row.backup_codes_remaining, row.device_count, row.api_key_count >= 1],
      [true, 10, 1, true],
    );
    assertNoSecret(res.text, 'the admin JSON export');
  });

  test('admin export as CSV: header, one row per user, formulas neutralised, no secret', async () => {
    const res = await staff.client.get('/api/users/export/?format=csv');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
    assert.match(
      String(res.headers['content-disposition']),
      /^attachment; filename="userdesk-users-[\d-]+\.csv"$/,
    );
    const lines = res.text.trimEnd().split('\n');
    assert.equal(lines[0], EXPORT_USER_COLUMNS.join(','));
    const count = withDeps(server, (deps) => deps.db.prepare('SELECT count(*) FROM users').pluck().get());
    assert.equal(lines.length, 1 + (count as number));
    const victimLine = lines.find((l) => l.startsWith(`${victim.uuid},`))!;
    // A spreadsheet must not run the name as a formula: it starts with a quote, CSV-escaped.
    assert.ok(victimLine.includes(`"'=HYPERLINK(""http://evil.example"")"`), victimLine);
    assertNoSecret(res.text, 'the admin CSV export');
  });

  test('an unknown format is a validation error in the contract shape', async () => {
    assertError(
      await staff.client.get('/api/users/export/?format=xml'),
      400,
      validation('invalid_choice', '"xml" is not a valid choice.', 'format'),
    );
  });

  test('userdesk export --email and --all [--format csv] [--out FILE]: same data, no secret', async () => {
    const one = await cli(['export', '--email', victim.email, '--data-dir', server.dataDir]);
    assert.equal(one.code, 0, one.stderr);
    const data = MyDataExportSchema.parse(JSON.parse(one.stdout));
    assert.equal(data.profile.uuid, victim.uuid);
    assertNoSecret(one.stdout, 'the CLI export of one user');

    const dir = tempDir('userdesk-export-');
    const out = path.join(dir, 'users.csv');
    const all = await cli(['export', '--all', '--format', 'csv', '--out', out, '--data-dir', server.dataDir]);
    assert.equal(all.code, 0, all.stderr);
    assert.equal(statSync(out).mode & 0o777, 0o600);
    const csv = readFileSync(out, 'utf8');
    assert.equal(csv.split('\n')[0], EXPORT_USER_COLUMNS.join(','));
    assert.ok(csv.includes(victim.uuid));
    assertNoSecret(csv, 'the CLI CSV export');

    const again = await cli(['export', '--all', '--out', out, '--data-dir', server.dataDir]);
    assert.deepEqual(
      [again.code, again.stderr],
      [2, `userdesk: ${out} exists; pass --force to replace it.\n`],
    );
    const json = await cli(['export', '--all', '--data-dir', server.dataDir]);
    assert.equal(json.code, 0, json.stderr);
    AllUsersExportSchema.parse(JSON.parse(json.stdout));
    assertNoSecret(json.stdout, 'the CLI JSON export');

    const both = await cli(['export', '--all', '--email', victim.email, '--data-dir', server.dataDir]);
    assert.deepEqual([both.code, both.stderr], [2, 'userdesk: Pass either --email E or --all.\n']);
  });
});
