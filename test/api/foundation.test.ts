import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createUserDirect } from '../helpers/direct.js';
import { STRONG_PASSWORD, logIn, signUp, uniqueEmail } from '../helpers/accounts.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

const errorShape = (body: unknown) => {
  assert.deepEqual(Object.keys(body as object).sort(), ['attr', 'code', 'detail', 'type']);
};

describe('server core', () => {
  test('GET /_health answers ok without auth', async () => {
    const res = await server.client().get('/_health');
    assert.equal(res.status, 200);
    assert.equal(res.text, 'ok');
  });

  test('GET /api/schema/ is an OpenAPI 3.1 document naming the users routes', async () => {
    const res = await server.client().get('/api/schema/');
    assert.equal(res.status, 200);
    assert.equal(res.body.openapi, '3.1.0');
    assert.ok(res.body.paths['/api/users/{uuid}/'].get);
    assert.ok(res.body.paths['/api/login/'].post.requestBody);
  });

  for (const path of ['/_health', '/', '/api/users/@me/', '/api/schema/']) {
    test(`a foreign Host is refused before any handler: ${path}`, async () => {
      const res = await server.client().get(path, { headers: { host: `attacker.example:${server.port}` } });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, {
        type: 'invalid_request',
        code: 'invalid_host',
        detail: 'Invalid Host header.',
        attr: null,
      });
    });
  }

  test('localhost and [::1] with the right port are accepted; the wrong port is not', async () => {
    const c = server.client();
    assert.equal((await c.get('/_health', { headers: { host: `localhost:${server.port}` } })).status, 200);
    assert.equal((await c.get('/_health', { headers: { host: `[::1]:${server.port}` } })).status, 200);
    assert.equal(
      (await c.get('/_health', { headers: { host: `127.0.0.1:${server.port + 1}` } })).status,
      400,
    );
  });

  test('an unknown API route is the 404 error shape', async () => {
    const res = await server.client().get('/api/nothing/here/');
    assert.equal(res.status, 404);
    assert.deepEqual(res.body, {
      type: 'invalid_request',
      code: 'not_found',
      detail: 'Not found.',
      attr: null,
    });
  });

  test('a known route with the wrong method is 405', async () => {
    const res = await server.client().request('PUT', '/api/users/', { json: {} });
    assert.equal(res.status, 405);
    assert.deepEqual(res.body, {
      type: 'invalid_request',
      code: 'method_not_allowed',
      detail: 'Method "PUT" not allowed.',
      attr: null,
    });
  });

  test('a non-JSON body on an unsafe method is 415', async () => {
    const res = await server.client().request('POST', '/api/login/', {
      raw: 'email=a&password=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(res.status, 415);
    assert.equal(res.body.detail, 'Unsupported media type "application/x-www-form-urlencoded" in request.');
    errorShape(res.body);
  });

  test('malformed JSON is 400 parse_error', async () => {
    const res = await server.client().request('POST', '/api/login/', {
      raw: '{"email": ',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'parse_error');
    assert.match(res.body.detail, /^JSON parse error/);
  });

  test('a body over 1 MiB is 413', async () => {
    const res = await server.client().request('POST', '/api/login/', {
      raw: JSON.stringify({ email: 'x'.repeat(1024 * 1024 + 10) }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(res.status, 413);
    errorShape(res.body);
  });

  test('a missing field is 400 required with its attr', async () => {
    const res = await server.client().post('/api/login/', { email: 'a@example.com' });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body, {
      type: 'validation_error',
      code: 'required',
      detail: 'This field is required.',
      attr: 'password',
    });
  });

  test('no Access-Control-* header, nosniff and no-store on API answers', async () => {
    const res = await server.client().request('OPTIONS', '/api/users/@me/', {
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'PATCH' },
    });
    assert.equal(Object.keys(res.headers).filter((h) => h.startsWith('access-control-')).length, 0);
    const me = await server.client().get('/api/users/@me/');
    assert.equal(me.headers['x-content-type-options'], 'nosniff');
    assert.equal(me.headers['cache-control'], 'no-store');
  });
});

describe('authentication', () => {
  let staff: { email: string; user: { uuid: string } };
  const staffClient = () => server.client();
  let staffSession: ReturnType<TestServer['client']>;

  before(async () => {
    staffSession = staffClient();
    staff = await signUp(staffSession, { organization_name: 'Acme' });
  });

  test('the first account is staff and owns an organization with one project', async () => {
    const res = await staffSession.get('/api/users/@me/');
    assert.equal(res.status, 200);
    assert.equal(res.body.is_staff, true);
    assert.equal(res.body.organization.name, 'Acme');
    assert.equal(res.body.organization.membership_level, 15);
    assert.equal(res.body.organization.teams.length, 1);
    assert.equal(res.body.team.id, res.body.organization.teams[0].id);
    assert.match(res.body.team.api_token, /^phc_/);
  });

  test('signup cookies: sessionid HttpOnly SameSite=Strict, csrftoken readable', async () => {
    const c = server.client();
    await logIn(c, staff.email);
    const res = await server.client().post('/api/login/', { email: staff.email, password: STRONG_PASSWORD });
    const cookies = res.headers['set-cookie']!.join('\n');
    assert.match(cookies, /sessionid=[A-Za-z0-9]{43}; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Strict/);
    assert.match(cookies, /csrftoken=[A-Za-z0-9]{43}; Max-Age=\d+; Path=\/; SameSite=Strict/);
    assert.doesNotMatch(
      cookies.split('\n').find((l) => l.startsWith('csrftoken'))!,
      /HttpOnly/,
    );
  });

  test('open signup is refused after the first account', async () => {
    const res = await server
      .client()
      .post('/api/signup/', { email: uniqueEmail(), password: STRONG_PASSWORD, first_name: 'B' });
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'signup_disabled');
  });

  test('wrong password and unknown email get the same 400', async () => {
    const wrong = await server
      .client()
      .post('/api/login/', { email: staff.email, password: 'not it at all' });
    const unknown = await server
      .client()
      .post('/api/login/', { email: uniqueEmail(), password: 'not it at all' });
    const expected = {
      type: 'validation_error',
      code: 'invalid_credentials',
      detail: 'Invalid email or password.',
      attr: null,
    };
    assert.equal(wrong.status, 400);
    assert.deepEqual(wrong.body, expected);
    assert.deepEqual(unknown.body, expected);
  });

  test('no credentials → 401 not_authenticated', async () => {
    const res = await server.client().get('/api/users/@me/');
    assert.equal(res.status, 401);
    assert.deepEqual(res.body, {
      type: 'authentication_error',
      code: 'not_authenticated',
      detail: 'Authentication credentials were not provided.',
      attr: null,
    });
  });

  test('logout ends the session', async () => {
    const c = server.client();
    assert.equal((await logIn(c, staff.email)).status, 200);
    assert.equal((await c.get('/api/users/@me/')).status, 200);
    assert.equal((await c.post('/api/logout/')).status, 200);
    assert.equal((await c.get('/api/users/@me/')).status, 401);
  });

  test('an unsafe session request without the CSRF header is 403 csrf_failed', async () => {
    const c = server.client();
    await logIn(c, staff.email);
    const res = await c.post('/api/logout/', undefined, { noCsrf: true });
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'csrf_failed');
    assert.equal((await c.get('/api/users/@me/')).status, 200, 'the session survived');
  });

  test('a foreign or null Origin, or Sec-Fetch-Site cross-site, is refused on unsafe methods', async () => {
    const refused: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { origin: `http://localhost:${server.port + 1}` },
    ];
    for (const headers of refused) {
      const res = await server
        .client()
        .post('/api/login/', { email: staff.email, password: STRONG_PASSWORD }, { headers });
      assert.equal(res.status, 403, JSON.stringify(headers));
      assert.equal(res.headers['set-cookie'], undefined, 'no session was created');
    }
    const own = await server.client().post(
      '/api/login/',
      { email: staff.email, password: STRONG_PASSWORD },
      {
        headers: { origin: server.url, 'sec-fetch-site': 'same-origin' },
      },
    );
    assert.equal(own.status, 200);
  });

  test('five wrong passwords for one account → 429 with Retry-After; others unaffected', async () => {
    const victim = await createUserDirect(server.dataDir, { email: uniqueEmail('victim') });
    for (let i = 0; i < 5; i++) {
      const res = await server
        .client()
        .post('/api/login/', { email: victim.email, password: `wrong ${i} guess` });
      assert.equal(res.status, 400);
    }
    const blocked = await server
      .client()
      .post('/api/login/', { email: victim.email, password: STRONG_PASSWORD });
    assert.equal(blocked.status, 429);
    assert.equal(blocked.body.code, 'throttled');
    assert.match(blocked.body.detail, /^Request was throttled\. Expected available in \d+ seconds\.$/);
    assert.ok(Number(blocked.headers['retry-after']) > 0);
    assert.equal((await logIn(server.client(), staff.email)).status, 200);
    server.clock.advance(5 * 60 * 1000 + 1);
    assert.equal(
      (await server.client().post('/api/login/', { email: victim.email, password: STRONG_PASSWORD })).status,
      200,
    );
  });
});

describe('personal API keys and @me rules', () => {
  let staffClient: ReturnType<TestServer['client']>;
  let member: { email: string; uuid: string; key: string };
  let staffUuid: string;

  before(async () => {
    staffClient = server.client();
    const staffEmail = uniqueEmail('boss');
    const created = await createUserDirect(server.dataDir, { email: staffEmail, staff: true });
    staffUuid = created.uuid;
    await logIn(staffClient, staffEmail);
    const m = await createUserDirect(server.dataDir, { email: uniqueEmail('member'), scopes: ['user:read'] });
    member = { email: m.email, uuid: m.uuid, key: m.key! };
  });

  test('GET @me with a Bearer key returns the full user object', async () => {
    const res = await server.client().get('/api/users/@me/', { key: member.key });
    assert.equal(res.status, 200);
    assert.equal(res.body.email, member.email);
    assert.equal(res.body.is_staff, false);
    assert.equal(res.body.organization.membership_level, 1, 'later accounts join as members');
    assert.equal(res.body.sensitive_session_expires_at, null);
  });

  test('a key in the query string is refused (Deviation)', async () => {
    const res = await server.client().get(`/api/users/@me/?personal_api_key=${member.key}`);
    assert.equal(res.status, 401);
    assert.equal(res.body.detail, 'Personal API keys must be sent in the Authorization header.');
  });

  test('an unknown key is 401 with the contract sentence', async () => {
    const res = await server.client().get('/api/users/@me/', { key: `phx_${'x'.repeat(47)}` });
    assert.equal(res.status, 401);
    assert.equal(res.body.detail, 'Personal API key found in request Authorization header is invalid.');
  });

  test('a non-staff caller naming another uuid gets the contract 403', async () => {
    const res = await server.client().get(`/api/users/${staffUuid}/`, { key: member.key });
    assert.equal(res.status, 403);
    assert.equal(
      res.body.detail,
      "As a non-staff user you're only allowed to access the `@me` user instance.",
    );
  });

  test('staff may read any user; an unknown uuid is 404', async () => {
    assert.equal((await staffClient.get(`/api/users/${member.uuid}/`)).body.email, member.email);
    const res = await staffClient.get('/api/users/00000000-0000-4000-8000-000000000000/');
    assert.equal(res.status, 404);
  });

  test('list: non-staff see only themselves; staff see all, filter and paginate', async () => {
    const mine = await server.client().get('/api/users/', { key: member.key });
    assert.equal(mine.body.count, 1);
    assert.equal(mine.body.results[0].uuid, member.uuid);
    const all = await staffClient.get('/api/users/?limit=1');
    assert.ok(all.body.count >= 3);
    assert.equal(all.body.results.length, 1);
    assert.match(all.body.next, /offset=1/);
    assert.equal(all.body.previous, null);
    const filtered = await staffClient.get(`/api/users/?email=${encodeURIComponent(member.email)}`);
    assert.equal(filtered.body.count, 1);
    const staffOnly = await staffClient.get('/api/users/?is_staff=true');
    assert.ok(staffOnly.body.results.every((u: { is_staff: boolean }) => u.is_staff));
    const search = await staffClient.get(`/api/users/?search=${member.email.slice(0, 8)}`);
    assert.ok(search.body.results.some((u: { uuid: string }) => u.uuid === member.uuid));
  });

  test('the server logged no error during these tests', () => {
    assert.deepEqual(
      server.logs.filter((l) => l.startsWith('error')),
      [],
    );
  });
});
