import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { createDeps } from '../../main/domain/create-deps.js';
import { createApp } from '../../main/server/app.js';
import { startTestServer, tempDir, type TestServer } from '../helpers/server.js';

/**
 * `GET /api/schema/` (users-api.md §1) documents every route the app serves, each with its
 * parameters, its request body schema and its success schema — all generated from the zod schemas
 * that validate the requests.
 */
interface Operation {
  parameters?: { name: string; in: string; schema?: unknown }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
type Doc = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
};

let server: TestServer;
let doc: Doc;
let served: { method: string; path: string }[];

before(async () => {
  server = await startTestServer();
  doc = (await server.client().get('/api/schema/')).body;
  // The routes as the app itself registered them, so a route missing from the document is caught
  // whoever adds it.
  const dir = tempDir();
  const deps = createDeps({ dataDir: dir, log: () => {} });
  try {
    const app = createApp(deps, { port: () => 1 });
    served = app.routes
      .filter((r) => r.method !== 'ALL' && (r.path.startsWith('/api/') || r.path.startsWith('/_preflight')))
      .filter((r) => r.path !== '/api/schema')
      .map((r) => {
        const path = r.path.replace(/:(\w+)/g, '{$1}');
        // The document writes /api/ paths with PostHog's trailing slash (both forms are served).
        return { method: r.method.toLowerCase(), path: path.startsWith('/api/') ? `${path}/` : path };
      });
  } finally {
    deps.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
after(() => server.stop());

// Actions whose request is the URL alone (PostHog's clients send no body, or an ignored one).
const BODILESS = new Set([
  'post /api/logout/',
  'patch /api/users/cancel_email_change_request/',
  'post /api/users/{uuid}/login_sessions/revoke_others/',
  'post /api/personal_api_keys/{id}/roll/',
  'post /api/users/{uuid}/two_factor_backup_codes/',
  'post /api/users/{uuid}/two_factor_disable/',
  // PostHog's passkey "begin" steps take no body (users-api.md §6).
  'post /api/webauthn/register/begin/',
  'post /api/webauthn/credentials/{id}/verify/',
  'post /api/webauthn/login/begin/',
  'post /api/login/2fa/passkey/begin/',
]);

const jsonSchemaOf = (content?: Record<string, { schema?: unknown }>) =>
  content?.['application/json']?.schema;
/** The success answer's schema: JSON, or for the live stream the SSE messages' data. */
const answerSchemaOf = (content?: Record<string, { schema?: unknown }>) =>
  jsonSchemaOf(content) ?? content?.['text/event-stream']?.schema;

describe('/api/schema/', () => {
  test('is OpenAPI 3.1 and lists every route of the users API', () => {
    assert.equal(doc.openapi, '3.1.0');
    const expected = [
      'get /api/users/',
      'get /api/users/{uuid}/',
      'patch /api/users/{uuid}/',
      'put /api/users/{uuid}/',
      'delete /api/users/{uuid}/',
      'get /api/users/{uuid}/hedgehog_config/',
      'patch /api/users/{uuid}/hedgehog_config/',
      'post /api/users/{uuid}/scene_personalisation/',
      'post /api/users/{uuid}/push_tokens/',
      'post /api/users/{uuid}/push_tokens/unregister/',
      'get /api/users/{uuid}/push_tokens/',
      'delete /api/users/{uuid}/push_tokens/{id}/',
      'patch /api/users/cancel_email_change_request/',
      'post /api/users/verify_email/',
      'get /api/users/{uuid}/login_sessions/',
      'delete /api/users/{uuid}/login_sessions/{id}/',
      'post /api/users/{uuid}/login_sessions/revoke_others/',
      'get /api/personal_api_keys/',
      'post /api/personal_api_keys/',
      'patch /api/personal_api_keys/{id}/',
      'delete /api/personal_api_keys/{id}/',
      'post /api/personal_api_keys/{id}/roll/',
      'get /api/projects/{project_id}/dashboards/',
      'post /api/projects/{project_id}/dashboards/',
      'get /api/users/{uuid}/activity/',
      'post /api/login/',
      'post /api/logout/',
      'post /api/signup/',
    ];
    for (const op of expected) {
      const [method, path] = op.split(' ');
      assert.ok(doc.paths[path]?.[method], `${op} is documented`);
    }
  });

  test('every route the app serves is in the document', () => {
    assert.ok(served.length >= 28, `found ${served.length} routes`);
    for (const { method, path } of served) {
      assert.ok(doc.paths[path]?.[method], `${method} ${path} is served but not documented`);
    }
  });

  test('every operation documents its path parameters, its request body and its success answer', () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const name = `${method} ${path}`;
        for (const param of path.match(/{(\w+)}/g) ?? []) {
          const p = op.parameters?.find((x) => x.in === 'path' && x.name === param.slice(1, -1));
          assert.ok(p?.schema, `${name}: path parameter ${param} has a schema`);
        }
        if (['post', 'put', 'patch'].includes(method) && !BODILESS.has(name)) {
          assert.ok(jsonSchemaOf(op.requestBody?.content), `${name}: request body schema`);
        }
        const success = Object.keys(op.responses).filter((s) => /^2\d\d$/.test(s));
        assert.equal(success.length, 1, `${name}: one success status`);
        if (success[0] !== '204')
          assert.ok(answerSchemaOf(op.responses[success[0]].content), `${name}: response schema`);
        for (const status of ['400', '401', '403']) {
          if (op.responses[status])
            assert.ok(jsonSchemaOf(op.responses[status].content), `${name}: ${status} error schema`);
        }
      }
    }
  });

  test('the documented schemas are the ones that validate: named components for the shared shapes', () => {
    for (const name of [
      'User',
      'PaginatedUserList',
      'PatchedUser',
      'UserPut',
      'PushToken',
      'PushTokenRegisterRequest',
      'PersonalApiKey',
      'PersonalApiKeyWithValue',
      'LoginSession',
      'ActivityEvent',
      'Dashboard',
      'VerifyEmailRequest',
      'ScenePersonalisationRequest',
      'HedgehogConfig',
      'Error',
    ]) {
      assert.ok(doc.components.schemas[name], `${name} is a component`);
    }
    const ref = (op: Operation, status: string) => JSON.stringify(jsonSchemaOf(op.responses[status].content));
    assert.match(ref(doc.paths['/api/users/{uuid}/'].patch, '200'), /#\/components\/schemas\/User"/);
    assert.match(ref(doc.paths['/api/personal_api_keys/'].post, '201'), /PersonalApiKeyWithValue/);
    assert.doesNotMatch(ref(doc.paths['/api/personal_api_keys/'].get, '200'), /WithValue/);
  });

  test('POST /api/login/token/ documents both forms it takes: a code, and a passkey assertion', () => {
    const body = jsonSchemaOf(doc.paths['/api/login/token/'].post.requestBody?.content);
    // Each form, its named component opened: the properties a script must send.
    const forms = ((body as { anyOf?: unknown[] }).anyOf ?? [body]).map((form) => {
      const ref = (form as { $ref?: string }).$ref;
      const schema = ref ? doc.components.schemas[ref.replace('#/components/schemas/', '')] : form;
      const { properties = {}, required = [] } = schema as {
        properties?: Record<string, unknown>;
        required?: string[];
      };
      return { properties: Object.keys(properties).sort(), required: [...required].sort() };
    });
    assert.deepEqual(forms, [
      { properties: ['token'], required: ['token'] },
      { properties: ['credential_id', 'response'], required: ['credential_id', 'response'] },
    ]);
  });
});
