/**
 * security.md 20 through real HTTP: a write from another site — a foreign or `null` Origin,
 * `Sec-Fetch-Site: cross-site`, a form or text/plain body, or a session write without the CSRF
 * token — is refused on every unsafe route, and the database is exactly as it was.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { STRONG_PASSWORD } from '../helpers/accounts.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { assertErrorShape, assertNoCors } from './support/contract.js';
import { DbState } from './support/db-state.js';
import { Fixtures, type Credential, type SessionCredential } from './support/fixtures.js';
import { discoverRoutes, fillPath, type RouteInfo } from './support/routes.js';
import { sampleBody } from './support/samples.js';

let server: TestServer;
let fixtures: Fixtures;
let state: DbState;
let unsafe: RouteInfo[];

before(async () => {
  server = await startTestServer();
  fixtures = new Fixtures(server.dataDir, server.clock, server.url);
  await fixtures.owner();
  state = new DbState(server.dataDir);
  unsafe = (await discoverRoutes(server.url)).filter((r) => r.method !== 'GET');
});
after(async () => {
  state?.close();
  fixtures?.close();
  await server?.stop();
});

/** A fresh member with a session, a key, a push token and a dashboard id to aim at. */
async function victim() {
  const user = await fixtures.user();
  const session = fixtures.session(user.id);
  const key = fixtures.key(user.id);
  const pushTokenId = fixtures.pushToken(user.id);
  return { user, session, key, params: { uuid: '@me', id: '', project_id: '@current' }, pushTokenId };
}

function paramsFor(route: RouteInfo, v: Awaited<ReturnType<typeof victim>>) {
  const id = route.template.includes('push_tokens')
    ? String(v.pushTokenId)
    : route.template.includes('login_sessions')
      ? String(v.session.sessionId)
      : v.key.id;
  return fillPath(route.template, { ...v.params, id });
}

function bodyFor(route: RouteInfo, email: string): unknown {
  if (route.template.startsWith('/api/login/') && route.template !== '/api/login/token/') {
    return { email, password: STRONG_PASSWORD };
  }
  return sampleBody(route.method, route.template, route.body);
}

interface Attack {
  name: string;
  credential: 'session' | 'key' | 'anonymous';
  headers: Record<string, string>;
  raw?: (json: string) => string;
  contentType?: string;
  noCsrf?: boolean;
  expect: { status: number; code: string }[];
}

const CROSS_SITE = { status: 403, code: 'cross_site_request' };
const MEDIA = { status: 415, code: 'unsupported_media_type' };
const CSRF = { status: 403, code: 'csrf_failed' };

const ATTACKS: Attack[] = [
  {
    name: 'foreign Origin',
    credential: 'session',
    headers: { origin: 'https://attacker.example' },
    expect: [CROSS_SITE],
  },
  {
    name: 'null Origin (sandboxed iframe, file://)',
    credential: 'session',
    headers: { origin: 'null' },
    expect: [CROSS_SITE],
  },
  {
    name: 'look-alike Origin',
    credential: 'session',
    headers: { origin: 'http://127.0.0.1.attacker.example' },
    expect: [CROSS_SITE],
  },
  {
    name: 'Origin on another port',
    credential: 'session',
    headers: { origin: 'http://127.0.0.1:1' },
    expect: [CROSS_SITE],
  },
  { name: 'https Origin of this host', credential: 'session', headers: {}, expect: [CROSS_SITE] },
  {
    name: 'Sec-Fetch-Site: cross-site without Origin',
    credential: 'session',
    headers: { 'sec-fetch-site': 'cross-site' },
    expect: [CROSS_SITE],
  },
  {
    name: 'HTML form post (urlencoded), foreign Origin, no CSRF header',
    credential: 'session',
    headers: { origin: 'https://attacker.example' },
    contentType: 'application/x-www-form-urlencoded',
    raw: () => 'first_name=Mallory&label=x&scopes=*&token=x&platform=ios',
    noCsrf: true,
    expect: [MEDIA, CROSS_SITE],
  },
  {
    name: 'form post with no Origin at all (old browser), no CSRF header',
    credential: 'session',
    headers: {},
    contentType: 'application/x-www-form-urlencoded',
    raw: () => 'first_name=Mallory',
    noCsrf: true,
    expect: [MEDIA],
  },
  {
    name: 'text/plain body that is JSON (the no-preflight fetch trick)',
    credential: 'session',
    headers: {},
    contentType: 'text/plain;charset=UTF-8',
    raw: (json) => json,
    noCsrf: true,
    expect: [MEDIA],
  },
  {
    name: 'multipart form',
    credential: 'session',
    headers: {},
    contentType: 'multipart/form-data; boundary=x',
    raw: () => '--x\r\nContent-Disposition: form-data; name="first_name"\r\n\r\nMallory\r\n--x--\r\n',
    noCsrf: true,
    expect: [MEDIA],
  },
  {
    name: 'JSON with the session cookie but no X-CSRFToken',
    credential: 'session',
    headers: {},
    noCsrf: true,
    expect: [CSRF],
  },
  {
    name: 'JSON with a wrong X-CSRFToken',
    credential: 'session',
    headers: { 'x-csrftoken': 'A'.repeat(43) },
    noCsrf: true,
    expect: [CSRF],
  },
  {
    name: 'a key from a foreign Origin',
    credential: 'key',
    headers: { origin: 'https://attacker.example' },
    expect: [CROSS_SITE],
  },
  {
    name: 'no credentials, foreign Origin (login CSRF)',
    credential: 'anonymous',
    headers: { origin: 'https://attacker.example' },
    expect: [CROSS_SITE],
  },
  {
    name: 'no credentials, cross-site fetch metadata',
    credential: 'anonymous',
    headers: { 'sec-fetch-site': 'cross-site' },
    expect: [CROSS_SITE],
  },
];

describe('security.md 20: cross-site writes are refused and change nothing', () => {
  test('every unsafe route, every attack', async () => {
    assert.ok(unsafe.length >= 3, 'the routes were discovered');
    let refused = 0;
    for (const route of unsafe) {
      const v = await victim();
      const path = paramsFor(route, v);
      const json = JSON.stringify(bodyFor(route, v.user.email));
      for (const attack of ATTACKS) {
        const credential: Credential =
          attack.credential === 'session'
            ? v.session
            : attack.credential === 'key'
              ? v.key
              : { kind: 'anonymous' };
        const headers: Record<string, string> = {
          'content-type': attack.contentType ?? 'application/json',
          ...attack.headers,
        };
        if (attack.name === 'https Origin of this host') headers.origin = `https://127.0.0.1:${server.port}`;
        const before = state.fingerprint();
        const res = await fixtures.client(credential).request(route.method, path, {
          raw: attack.raw ? attack.raw(json) : json,
          headers,
          key: credential.kind === 'key' ? credential.key : undefined,
          noCsrf: attack.noCsrf,
        });
        const where = `${route.method} ${route.template} — ${attack.name}`;
        assert.ok(
          attack.expect.some((e) => e.status === res.status && e.code === res.body?.code),
          `${where}: expected ${attack.expect.map((e) => `${e.status} ${e.code}`).join(' or ')}, got ${res.status} ${res.text}`,
        );
        assertErrorShape(res.status, res.body, where);
        assertNoCors(res.headers, where);
        assert.equal(res.headers['set-cookie'], undefined, `${where}: no cookie set`);
        assert.deepEqual(
          DbState.changedTables(before, state.fingerprint()),
          [],
          `${where}: the database is unchanged`,
        );
        refused++;
      }
    }
    assert.deepEqual(server.logs, []);
    assert.ok(refused >= unsafe.length * ATTACKS.length);
  });

  test('control: the same requests from the window itself (own Origin, CSRF token) are not refused as cross-site', async () => {
    for (const route of unsafe) {
      const v = await victim();
      const credential: SessionCredential = v.session;
      for (const origin of [
        `http://127.0.0.1:${server.port}`,
        `http://localhost:${server.port}`,
        undefined,
      ]) {
        const res = await fixtures.client(credential).request(route.method, paramsFor(route, v), {
          json: bodyFor(route, v.user.email),
          headers: { ...(origin ? { origin } : {}), 'sec-fetch-site': 'same-origin' },
        });
        const where = `${route.method} ${route.template} from ${origin ?? 'no Origin'}`;
        assert.ok(res.status < 500, `${where}: ${res.text}`);
        assert.ok(
          !['cross_site_request', 'csrf_failed', 'unsupported_media_type'].includes(res.body?.code),
          `${where}: refused as cross-site: ${res.text}`,
        );
        if (!fixtures.alive(credential)) break; // logout, revocation, deletion: nothing more to try
      }
    }
  });
});
