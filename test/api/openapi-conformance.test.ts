import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { MAIL_DIR_ENV } from '../../main/domain/mail.js';
import { createKey, uniqueEmail } from '../helpers/accounts.js';
import { tempDir, type TestServer } from '../helpers/server.js';
import { type Account, codeIn, member, readMailDir, serverWithStaff, STRONG_PASSWORD } from './support.js';

/**
 * users-api.md §3: the user, list and update answers validate against PostHog's own generated
 * `User` and `PaginatedUserList` schemas. The fixture carries their structural facts (see its
 * `$comment` for the source file and commit); this file turns that OpenAPI 3.0 into JSON Schema
 * for ajv, applying OpenAPI's response rules.
 */
type Schema = Record<string, unknown>;
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/posthog-users-schemas.json', import.meta.url), 'utf8'),
) as {
  schemas: Record<string, Schema>;
};

/**
 * OpenAPI 3.0 → JSON Schema for a response: `nullable` becomes "or null"; a writeOnly property
 * (password, current_password, set_current_*) is not required and must not appear at all.
 */
function forResponse(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(forResponse);
  if (node === null || typeof node !== 'object') return node;
  const { nullable, ...rest } = node as Schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(rest)) {
    if (key === '$ref') out.$ref = (value as string).replace('#/components/schemas/', '#/$defs/');
    else if (key === 'properties') {
      const props = value as Record<string, Schema>;
      out.properties = Object.fromEntries(
        Object.entries(props).map(([name, s]) => [name, s.writeOnly ? false : forResponse(s)]),
      );
    } else out[key] = forResponse(value);
  }
  if (Array.isArray(out.required) && out.properties) {
    const props = (rest.properties ?? {}) as Record<string, Schema>;
    out.required = (out.required as string[]).filter((name) => !props[name]?.writeOnly);
  }
  // anyOf, not a type list: the schema may be a bare $ref or a oneOf that already admits null.
  return nullable ? { anyOf: [out, { type: 'null' }] } : out;
}

const defs = Object.fromEntries(
  Object.entries(fixture.schemas).map(([name, s]) => [name, forResponse(s)]),
) as Record<string, Schema>;
// PostHog's server answers role_at_organization: null, though its generated enum omits null
// (users-api.md §3 says to allow it).
const user = defs.User as { properties: Record<string, unknown> };
user.properties.role_at_organization = { anyOf: [user.properties.role_at_organization, { type: 'null' }] };

const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
(addFormatsModule as unknown as (a: Ajv) => void)(ajv);
ajv.addSchema({ $id: 'posthog', $defs: defs });
const validateUser = ajv.compile({ $ref: 'posthog#/$defs/User' });
const validateList = ajv.compile({ $ref: 'posthog#/$defs/PaginatedUserList' });

function assertValid(validate: ValidateFunction, body: unknown, what: string) {
  const ok = validate(body);
  assert.ok(
    ok,
    `${what} does not validate against PostHog's schema: ${ajv.errorsText(validate.errors, { separator: '\n' })}`,
  );
}

let server: TestServer;
let staff: Account;
let alice: Account;

before(async () => {
  ({ server, staff } = await serverWithStaff());
  alice = await member(server);
});
after(async () => {
  assert.deepEqual(server.logs, []);
  await server.stop();
});

describe("responses validate against PostHog's User and PaginatedUserList", () => {
  test('the validator is not a rubber stamp: broken users fail it', async () => {
    const good = (await alice.client.get('/api/users/@me/')).body;
    assertValid(validateUser, good, 'the user');
    for (const broken of [
      { ...good, password: 'x' },
      { ...good, uuid: 'not-a-uuid' },
      { ...good, theme_mode: 'purple' },
      { ...good, organizations: [{ ...good.organizations[0], membership_level: 3 }] },
      (({ is_2fa_enabled: _, ...rest }) => rest)(good),
    ]) {
      assert.equal(validateUser(broken), false, JSON.stringify(broken).slice(0, 80));
    }
  });

  test('GET /api/users/@me/ by session and by key', async () => {
    assertValid(validateUser, (await alice.client.get('/api/users/@me/')).body, 'session user');
    const key = await createKey(alice.client, ['user:read']);
    const byKey = (await alice.client.get('/api/users/@me/', { key })).body;
    assert.equal(byKey.sensitive_session_expires_at, null);
    assertValid(validateUser, byKey, 'key user');
  });

  test('GET /api/users/ (staff sees everyone, with next/previous links)', async () => {
    const res = await staff.client.get('/api/users/?limit=1&offset=1');
    assert.equal(res.status, 200);
    assert.ok(res.body.next || res.body.previous);
    assertValid(validateList, res.body, 'the list');
    assertValid(validateList, (await alice.client.get('/api/users/')).body, "a member's list");
  });

  test('PATCH answers, with every nullable and blank value the contract allows', async () => {
    for (const body of [
      { theme_mode: '', toolbar_mode: null, shortcut_position: '', role_at_organization: null },
      {
        theme_mode: null,
        toolbar_mode: '',
        shortcut_position: null,
        allow_sidebar_suggestions: null,
        anonymize_data: null,
      },
      {
        theme_mode: 'system',
        toolbar_mode: 'disabled',
        shortcut_position: 'hidden',
        role_at_organization: 'founder',
      },
      {
        hedgehog_config: null,
        has_seen_product_intro_for: null,
        events_column_config: null,
        allow_impersonation: null,
      },
    ]) {
      const res = await alice.client.patch('/api/users/@me/', body);
      assert.equal(res.status, 200, res.text);
      assertValid(validateUser, res.body, `PATCH ${JSON.stringify(body)}`);
    }
    const staffView = await staff.client.patch(`/api/users/${alice.uuid}/`, { first_name: 'Staffed' });
    assertValid(validateUser, staffView.body, "staff's view of another user");
  });

  test('PUT answer', async () => {
    const res = await alice.client.put('/api/users/@me/', {
      email: alice.email,
      password: 'cobalt harbor lantern 58',
      current_password: STRONG_PASSWORD,
    });
    assert.equal(res.status, 200, res.text);
    assertValid(validateUser, res.body, 'PUT');
  });

  test('the other routes that answer with the user: scene_personalisation, verify_email, cancel', async () => {
    const dashboards = (await staff.client.get('/api/projects/@current/dashboards/')).body.results;
    const scene = await staff.client.post('/api/users/@me/scene_personalisation/', {
      scene: 'Home',
      dashboard: dashboards[0].id,
    });
    assertValid(validateUser, scene.body, 'scene_personalisation');
    const dir = tempDir('userdesk-mail-');
    process.env[MAIL_DIR_ENV] = dir;
    try {
      const next = uniqueEmail('conform');
      const pending = await staff.client.patch('/api/users/@me/', { email: next });
      assertValid(validateUser, pending.body, 'pending email change');
      const verified = await staff.client.post('/api/users/verify_email/', {
        uuid: staff.uuid,
        code: codeIn(readMailDir(dir)[0]),
      });
      assertValid(validateUser, verified.body, 'verify_email');
      await staff.client.patch('/api/users/@me/', { email: uniqueEmail('again') });
      const cancelled = await staff.client.patch('/api/users/cancel_email_change_request/', {});
      assertValid(validateUser, cancelled.body, 'cancel_email_change_request');
    } finally {
      delete process.env[MAIL_DIR_ENV];
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
