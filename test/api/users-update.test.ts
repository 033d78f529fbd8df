import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Messages } from '../../shared/errors.js';
import { NOTIFICATION_DEFAULTS } from '../../shared/enums.js';
import { createKey, logIn } from '../helpers/accounts.js';
import type { TestServer } from '../helpers/server.js';
import { type Account, assertError, denied, member, serverWithStaff, validation } from './support.js';

/** users-api.md §3 (the user object, PATCH and PUT) and §4 row 3. */
let server: TestServer;
let staff: Account;
let alice: Account;

before(async () => {
  ({ server, staff } = await serverWithStaff());
  alice = await member(server);
});
after(async () => {
  assert.deepEqual(server.logs, [], 'no request may reach the 500 handler');
  await server.stop();
});

const patchMe = (account: Account, body: unknown) => account.client.patch('/api/users/@me/', body);

describe('defaults and writable fields', () => {
  test('a new user reads back the contract defaults', async () => {
    const res = await alice.client.get('/api/users/@me/');
    assert.equal(res.status, 200);
    const u = res.body;
    assert.deepEqual(u.notification_settings, NOTIFICATION_DEFAULTS);
    assert.equal(u.anonymize_data, false);
    assert.equal(u.allow_sidebar_suggestions, null);
    assert.equal(u.passkeys_enabled_for_2fa, false);
    assert.equal(u.allow_impersonation, true);
    assert.equal(u.hide_mcp_hints, false);
    assert.equal(u.toolbar_mode, 'toolbar');
    assert.equal(u.theme_mode, null);
    assert.equal(u.shortcut_position, 'above');
    assert.equal(u.role_at_organization, null);
    assert.deepEqual(u.events_column_config, { active: 'DEFAULT' });
    assert.equal(u.has_seen_product_intro_for, null);
    assert.equal(u.hedgehog_config, null);
    assert.equal(u.has_social_auth, false);
    assert.equal(u.has_sso_enforcement, false);
    assert.equal(u.is_impersonated_read_only, false);
    assert.equal(u.is_impersonated_until, null);
    assert.equal(u.team.timezone, 'UTC');
    assert.equal(u.team.is_demo, false);
    assert.match(u.team.api_token, /^phc_/);
    assert.equal(u.organization.membership_level, 1);
  });

  test('every writable field is stored and read back', async () => {
    const body = {
      first_name: '  Alice ',
      last_name: '',
      anonymize_data: true,
      allow_sidebar_suggestions: false,
      allow_impersonation: null,
      hide_mcp_hints: true,
      toolbar_mode: '',
      theme_mode: 'dark',
      shortcut_position: 'below',
      role_at_organization: 'engineering',
      events_column_config: { active: ['a', 'b'] },
      has_seen_product_intro_for: { surveys: true },
      hedgehog_config: { enabled: true, color: 'blue' },
      passkeys_enabled_for_2fa: false,
    };
    const res = await patchMe(alice, body);
    assert.equal(res.status, 200, res.text);
    const again = (await alice.client.get('/api/users/@me/')).body;
    for (const u of [res.body, again]) {
      assert.equal(u.first_name, 'Alice', 'whitespace is trimmed, as DRF does');
      assert.equal(u.last_name, '');
      assert.equal(u.anonymize_data, true);
      assert.equal(u.allow_sidebar_suggestions, false);
      assert.equal(u.allow_impersonation, null);
      assert.equal(u.hide_mcp_hints, true);
      assert.equal(u.toolbar_mode, '');
      assert.equal(u.theme_mode, 'dark');
      assert.equal(u.shortcut_position, 'below');
      assert.equal(u.role_at_organization, 'engineering');
      assert.deepEqual(u.events_column_config, { active: ['a', 'b'] });
      assert.deepEqual(u.has_seen_product_intro_for, { surveys: true });
      assert.deepEqual(u.hedgehog_config, { enabled: true, color: 'blue' });
    }
  });

  test('shortcut_position null reads back as "above"; theme_mode and toolbar_mode accept null', async () => {
    const res = await patchMe(alice, { shortcut_position: null, theme_mode: null, toolbar_mode: null });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.shortcut_position, 'above');
    assert.equal(res.body.theme_mode, null);
    assert.equal(res.body.toolbar_mode, null);
  });

  test('read-only and unknown keys are ignored, not errors', async () => {
    const before = (await alice.client.get('/api/users/@me/')).body;
    const res = await patchMe(alice, {
      id: 999,
      uuid: '00000000-0000-4000-8000-000000000000',
      date_joined: '2000-01-01T00:00:00Z',
      distinct_id: 'x',
      pending_email: 'p@example.com',
      is_email_verified: true,
      has_password: false,
      is_2fa_enabled: true,
      has_social_auth: true,
      team: null,
      organization: null,
      scene_personalisation: [],
      theme_mode: 'light',
      no_such_field: 1,
    });
    assert.equal(res.status, 200, res.text);
    for (const key of [
      'id',
      'uuid',
      'date_joined',
      'distinct_id',
      'pending_email',
      'is_email_verified',
      'has_password',
      'is_2fa_enabled',
      'has_social_auth',
    ]) {
      assert.deepEqual(res.body[key], before[key], key);
    }
    assert.equal(res.body.theme_mode, 'light');
    assert.ok(!('no_such_field' in res.body));
  });

  for (const field of ['toolbar_mode', 'theme_mode', 'shortcut_position', 'role_at_organization']) {
    test(`a bad ${field} is 400 invalid_choice on attr ${field}`, async () => {
      assertError(
        await patchMe(alice, { [field]: 'sideways' }),
        400,
        validation('invalid_choice', '"sideways" is not a valid choice.', field),
      );
    });
  }

  test('first_name over 150 characters is 400 max_length', async () => {
    assertError(
      await patchMe(alice, { first_name: 'x'.repeat(151) }),
      400,
      validation('max_length', 'Ensure this field has no more than 150 characters.', 'first_name'),
    );
  });

  test('a wrongly typed boolean is 400 on its attr', async () => {
    assertError(
      await patchMe(alice, { hide_mcp_hints: 'yes' }),
      400,
      validation('invalid_input', 'Must be a valid boolean.', 'hide_mcp_hints'),
    );
  });

  test('passkeys_enabled_for_2fa: true without a passkey is 400 no_passkeys', async () => {
    assertError(
      await patchMe(alice, { passkeys_enabled_for_2fa: true }),
      400,
      validation('no_passkeys', Messages.noPasskeys, 'passkeys_enabled_for_2fa'),
    );
  });
});

describe('notification_settings', () => {
  test('keys merge one by one over the defaults; dict keys merge id by id', async () => {
    let res = await patchMe(alice, {
      notification_settings: { plugin_disabled: false, project_weekly_digest_disabled: { '1': true } },
    });
    assert.equal(res.status, 200, res.text);
    res = await patchMe(alice, {
      notification_settings: {
        project_weekly_digest_disabled: { '2': false },
        data_pipeline_error_threshold: 0.5,
      },
    });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.notification_settings, {
      ...NOTIFICATION_DEFAULTS,
      plugin_disabled: false,
      project_weekly_digest_disabled: { '1': true, '2': false },
      data_pipeline_error_threshold: 0.5,
    });
  });

  test('an unknown key is 400 with attr notification_settings', async () => {
    assertError(
      await patchMe(alice, { notification_settings: { nope: true } }),
      400,
      validation(
        'invalid_input',
        'Key nope is not valid as a key for notification settings',
        'notification_settings',
      ),
    );
  });

  const wrong: [string, unknown][] = [
    ['plugin_disabled', 'yes'],
    ['project_weekly_digest_disabled', { '1': 'no' }],
    ['organization_member_join_email_disabled', [true]],
    ['data_pipeline_error_threshold', 1.5],
    ['data_pipeline_error_threshold', 'high'],
  ];
  for (const [key, value] of wrong) {
    test(`${key}: ${JSON.stringify(value)} is 400 with attr notification_settings (PostHog's, not the __ join)`, async () => {
      const res = await patchMe(alice, { notification_settings: { [key]: value } });
      assert.equal(res.status, 400, res.text);
      assert.equal(res.body.attr, 'notification_settings');
      assert.equal(res.body.code, 'invalid_input');
    });
  }

  test('notification_settings that is not an object is 400', async () => {
    const res = await patchMe(alice, { notification_settings: [1] });
    assert.equal(res.status, 400);
    assert.equal(res.body.attr, 'notification_settings');
  });
});

describe('is_staff and the current organization / team', () => {
  test('is_staff from a non-staff caller is 403, whatever the value', async () => {
    for (const value of [true, false]) {
      assertError(await patchMe(alice, { is_staff: value }), 403, { ...denied(Messages.notStaff) });
    }
  });

  test('staff may make another user staff, and the last staff user cannot stop being staff', async () => {
    const bob = await member(server);
    let res = await staff.client.patch(`/api/users/${bob.uuid}/`, { is_staff: true });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.is_staff, true);
    res = await staff.client.patch(`/api/users/${bob.uuid}/`, { is_staff: false });
    assert.equal(res.body.is_staff, false);
    assertError(await staff.client.patch('/api/users/@me/', { is_staff: false }), 409, {
      type: 'server_error',
      code: 'conflict',
      detail: Messages.lastStaffUser,
    });
  });

  test('set_current_organization / set_current_team accept own ids and refuse others with does_not_exist', async () => {
    const me = (await alice.client.get('/api/users/@me/')).body;
    let res = await patchMe(alice, {
      set_current_organization: me.organization.id,
      set_current_team: me.team.id,
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.team.id, me.team.id);
    res = await patchMe(alice, { set_current_team: String(me.team.id) });
    assert.equal(res.status, 200, res.text);
    assertError(
      await patchMe(alice, { set_current_organization: 'bogus' }),
      400,
      validation('does_not_exist', 'Object with id=bogus does not exist.', 'set_current_organization'),
    );
    assertError(
      await patchMe(alice, { set_current_team: 99999 }),
      400,
      validation('does_not_exist', 'Object with id=99999 does not exist.', 'set_current_team'),
    );
  });
});

describe('@me, uuids and personal API keys', () => {
  test('a non-staff caller naming another uuid gets 403 with the contract sentence', async () => {
    assertError(
      await alice.client.patch(`/api/users/${staff.uuid}/`, { first_name: 'x' }),
      403,
      denied(Messages.meOnly),
    );
  });

  test('a caller may name their own uuid; staff may name anyone; an unknown uuid is 404 for staff', async () => {
    assert.equal((await alice.client.patch(`/api/users/${alice.uuid}/`, { last_name: 'A' })).status, 200);
    const res = await staff.client.patch(`/api/users/${alice.uuid}/`, { last_name: 'B' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.last_name, 'B');
    assert.equal(
      res.body.sensitive_session_expires_at,
      null,
      "staff does not see the target's session window",
    );
    assertError(
      await staff.client.patch('/api/users/7a0e8e7a-0000-4000-8000-000000000000/', { last_name: 'x' }),
      404,
      { type: 'invalid_request', code: 'not_found', detail: 'Not found.' },
    );
  });

  test("a user:read key cannot PATCH: 403 API key missing required scope 'user:write'", async () => {
    const key = await createKey(alice.client, ['user:read']);
    assertError(
      await alice.client.patch('/api/users/@me/', { first_name: 'k' }, { key }),
      403,
      denied("API key missing required scope 'user:write'"),
    );
  });

  test('a user:write key may PATCH preferences but never the email or the password', async () => {
    const key = await createKey(alice.client, ['user:write']);
    const res = await alice.client.patch('/api/users/@me/', { first_name: 'Keyed' }, { key });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.first_name, 'Keyed');
    for (const body of [
      { email: 'new.address@example.com' },
      { password: 'another long passphrase 77', current_password: 'x' },
    ]) {
      assertError(
        await alice.client.patch('/api/users/@me/', body, { key }),
        403,
        denied(Messages.credentialsFromAppOnly),
      );
    }
  });
});

describe('PUT and email validation', () => {
  test('PUT requires email and password', async () => {
    assertError(
      await alice.client.put('/api/users/@me/', { email: alice.email }),
      400,
      validation('required', Messages.required, 'password'),
    );
    assertError(
      await alice.client.put('/api/users/@me/', { password: 'x' }),
      400,
      validation('required', Messages.required, 'email'),
    );
  });

  test('an invalid email is 400 on attr email; a taken one (any case) is 400 unique', async () => {
    assertError(
      await patchMe(alice, { email: 'not-an-email' }),
      400,
      validation('invalid_input', 'Enter a valid email address.', 'email'),
    );
    assertError(
      await patchMe(alice, { email: staff.email.toUpperCase() }),
      400,
      validation('unique', Messages.emailTaken, 'email'),
    );
  });

  test('a body that is not JSON is 415, malformed JSON is 400 parse_error', async () => {
    const res = await alice.client.request('PATCH', '/api/users/@me/', {
      raw: 'first_name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assertError(res, 415, {
      type: 'invalid_request',
      code: 'unsupported_media_type',
      detail: 'Unsupported media type "application/x-www-form-urlencoded" in request.',
    });
    const bad = await alice.client.request('PATCH', '/api/users/@me/', {
      raw: '{"first_name":',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'parse_error');
    assert.match(bad.body.detail, /^JSON parse error/);
  });
});

describe('the recently-authenticated gate (users-api.md §2)', () => {
  test('after 2 hours a non-preference change needs a re-login; preference-only PATCHes do not', async () => {
    const carol = await member(server);
    const key = await createKey(carol.client, ['user:write']);
    // Last in this file: every other session here stops being recent too.
    server.clock.advance(2 * 60 * 60 * 1000 + 1000);
    assertError(
      await patchMe(carol, { first_name: 'Late' }),
      403,
      denied(Messages.sensitiveReauth, 'sensitive_action_required_reauth'),
    );
    const exempt = {
      theme_mode: 'dark',
      allow_sidebar_suggestions: true,
      shortcut_position: 'hidden',
      has_seen_product_intro_for: {},
      events_column_config: {},
      role_at_organization: 'data',
      hedgehog_config: {},
      toolbar_mode: 'disabled',
      notification_settings: { plugin_disabled: true },
      hide_mcp_hints: false,
    };
    assert.equal((await patchMe(carol, exempt)).status, 200);
    // Any other key, even one that is ignored, makes the PATCH sensitive.
    assert.equal((await patchMe(carol, { theme_mode: 'dark', anything_else: 1 })).status, 403);
    // Keys carry no session: the gate does not apply to them.
    assert.equal(
      (await carol.client.patch('/api/users/@me/', { first_name: 'ViaKey' }, { key })).status,
      200,
    );
    assert.equal((await logIn(carol.client, carol.email)).status, 200);
    assert.equal((await patchMe(carol, { first_name: 'Fresh' })).status, 200);
  });
});
