/**
 * security.md 18, 19 and 21 through real HTTP: the server listens on loopback only, refuses any
 * Host but its own on every path before a handler runs, and never sends a CORS header.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServer } from '../../main/server/start.js';
import { STRONG_PASSWORD } from '../helpers/accounts.js';
import { startTestServer, tempDir, type TestServer } from '../helpers/server.js';
import { assertErrorShape, assertNoCors, isApiPath } from './support/contract.js';
import { DbState } from './support/db-state.js';
import { canConnect, rawRequest } from './support/raw-http.js';
import { Fixtures, type Credential, type KeyCredential, type SessionCredential } from './support/fixtures.js';
import { discoverRoutes, fillPath, NON_API_PATHS, type RouteInfo } from './support/routes.js';
import { PASSKEY_ERROR_KEY_PATHS } from '../../shared/passkeys.js';

/** Temp dirs this file made, removed when it ends. */
const scratchDirs: string[] = [];
const scratch = (prefix?: string) => {
  const dir = tempDir(prefix);
  scratchDirs.push(dir);
  return dir;
};

let server: TestServer;
let fixtures: Fixtures;
let state: DbState;
let routes: RouteInfo[];
let session: SessionCredential;
let key: KeyCredential;
let ownerEmail: string;

before(async () => {
  server = await startTestServer();
  fixtures = new Fixtures(server.dataDir, server.clock, server.url);
  const owner = await fixtures.owner();
  ownerEmail = owner.email;
  session = fixtures.session(owner.id);
  key = fixtures.key(owner.id);
  state = new DbState(server.dataDir);
  routes = await discoverRoutes(server.url);
});
after(async () => {
  state?.close();
  fixtures?.close();
  await server?.stop();
});

/** Every concrete path worth probing: each API route (params filled sensibly) and the UI's pages. */
function allPaths(): { method: string; path: string }[] {
  const api = routes.map((r) => ({
    method: r.method,
    path: fillPath(r.template, { uuid: '@me', id: '1', project_id: '@current' }),
  }));
  const ui = NON_API_PATHS.map((p) => ({ method: 'GET', path: p }));
  return [
    ...api,
    ...ui,
    { method: 'GET', path: '/api/schema/' },
    { method: 'GET', path: '/api/no/such/route/' },
  ];
}

const bodyFor = (r: { method: string; path: string }) =>
  ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method)
    ? r.path.startsWith('/api/login')
      ? { email: ownerEmail, password: STRONG_PASSWORD, token: '123456' }
      : { first_name: 'Mallory', label: 'x', scopes: ['*'], token: 'x', name: 'x', platform: 'ios' }
    : undefined;

describe('security.md 19: Host allow-list on every path, before any handler', () => {
  const FOREIGN = (port: number) => [
    `attacker.example:${port}`,
    `attacker.example`,
    `127.0.0.1`,
    `localhost`,
    `127.0.0.1:${port + 1}`,
    `127.0.0.1.nip.io:${port}`,
    `localhost.attacker.example:${port}`,
    `localhost:${port}.attacker.example`,
    `127.0.0.2:${port}`,
    `0.0.0.0:${port}`,
    `[::ffff:127.0.0.1]:${port}`,
    `user@127.0.0.1:${port}`,
    `127.0.0.1:${port}, attacker.example`,
    `2130706433:${port}`,
  ];

  test('a foreign Host gets 400 invalid_host on every path and method, with and without credentials', async () => {
    let probes = 0;
    for (const target of allPaths()) {
      for (const host of FOREIGN(server.port)) {
        for (const credential of [{ kind: 'anonymous' } as Credential, session, key]) {
          const client = fixtures.client(credential);
          const before = state.fingerprint();
          const res = await client.request(target.method, target.path, {
            json: bodyFor(target),
            key: credential.kind === 'key' ? credential.key : undefined,
            headers: { host: host },
          });
          const where = `${target.method} ${target.path} Host=${JSON.stringify(host)} as ${credential.kind}`;
          assert.equal(res.status, 400, `${where}: ${res.text}`);
          const refusal = {
            type: 'invalid_request',
            code: 'invalid_host',
            detail: 'Invalid Host header.',
            attr: null,
          };
          // users-api.md §6: passkey routes may repeat the detail as PostHog's `error` key.
          const { error, ...rest } = res.body as Record<string, unknown>;
          if (error !== undefined) {
            assert.ok(
              PASSKEY_ERROR_KEY_PATHS.some((p) => p.test(target.path)),
              `${where}: error key`,
            );
            assert.equal(error, refusal.detail, where);
          }
          assert.deepEqual(rest, refusal, where);
          assertNoCors(res.headers, where);
          assert.deepEqual(
            DbState.changedTables(before, state.fingerprint()),
            [],
            `${where}: nothing changed`,
          );
          probes++;
        }
      }
    }
    assert.ok(probes > 100);
    assert.deepEqual(server.logs, [], 'no handler ran into an error');
  });

  test('a valid login with a rebinding Host signs nobody in and writes nothing', async () => {
    const sessions = state.count('sessions');
    const events = state.lastEventId();
    const res = await server
      .client()
      .post(
        '/api/login/',
        { email: ownerEmail, password: STRONG_PASSWORD },
        { headers: { host: `rebind.attacker.example:${server.port}` } },
      );
    assert.equal(res.status, 400);
    assert.equal(res.headers['set-cookie'], undefined, 'no cookie is set');
    assert.equal(state.count('sessions'), sessions);
    assert.deepEqual(state.eventTypesSince(events), []);
  });

  test('the three loopback names with the right port pass, in any letter case', async () => {
    for (const host of [
      `127.0.0.1:${server.port}`,
      `localhost:${server.port}`,
      `[::1]:${server.port}`,
      `LOCALHOST:${server.port}`,
    ]) {
      const res = await server.client().get('/_health', { headers: { host } });
      assert.equal(res.status, 200, host);
    }
  });

  test('a request with no Host at all (HTTP/1.0) is refused, and the server stays up', async () => {
    const answer = await rawRequest(server.port, 'GET /api/users/@me/ HTTP/1.0\r\n\r\n');
    assert.match(answer, /^HTTP\/1\.[01] 400/);
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
    assert.equal(body.code, 'invalid_host');
    assert.equal((await server.client().get('/_health')).status, 200);
  });
});

describe('requests refused by the HTTP parser itself', () => {
  test('oversized headers and a malformed request line get the contract body, and the server stays up', async () => {
    const huge = await rawRequest(
      server.port,
      `GET /api/users/?search=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`,
    );
    assert.match(huge, /^HTTP\/1\.1 431 /);
    const hugeBody = JSON.parse(huge.slice(huge.indexOf('\r\n\r\n') + 4));
    assertErrorShape(431, hugeBody, 'header overflow');
    assert.match(huge, /X-Content-Type-Options: nosniff/i);
    const garbage = await rawRequest(server.port, 'NOT-HTTP\r\n\r\n');
    assert.match(garbage, /^HTTP\/1\.1 400 /);
    assertErrorShape(400, JSON.parse(garbage.slice(garbage.indexOf('\r\n\r\n') + 4)), 'garbage');
    assert.equal((await server.client().get('/_health')).status, 200);
  });
});

describe('security.md 21: no CORS, security headers', () => {
  test('no Access-Control-* header on any path, for simple requests and preflights alike', async () => {
    for (const target of allPaths()) {
      for (const origin of ['https://attacker.example', 'null', `http://127.0.0.1:${server.port}`]) {
        const preflight = await server.client().request('OPTIONS', target.path, {
          headers: {
            origin,
            'access-control-request-method': target.method === 'GET' ? 'PATCH' : target.method,
            'access-control-request-headers': 'content-type, x-csrftoken, authorization',
          },
        });
        const where = `OPTIONS ${target.path} from ${origin}`;
        assertNoCors(preflight.headers, where);
        assert.ok(
          preflight.status >= 400 && preflight.status < 500,
          `${where}: a preflight is not approved (${preflight.status})`,
        );
        const simple = await fixtures.client(session).get(target.path, { headers: { origin } });
        assertNoCors(simple.headers, `GET ${target.path} from ${origin}`);
        const keyed = await server.client().get(target.path, { key: key.key, headers: { origin } });
        assertNoCors(keyed.headers, `GET ${target.path} with a key from ${origin}`);
      }
    }
  });

  test('every answer carries nosniff, frame denial and no-referrer; API answers are no-store', async () => {
    for (const target of allPaths()) {
      for (const credential of [{ kind: 'anonymous' } as Credential, session, key]) {
        const res = await fixtures
          .client(credential)
          .get(target.path, { key: credential.kind === 'key' ? credential.key : undefined });
        const where = `GET ${target.path} as ${credential.kind} (${res.status})`;
        assert.ok(res.status < 500, `${where}: ${res.text.slice(0, 200)}`);
        assert.equal(res.headers['x-content-type-options'], 'nosniff', where);
        assert.equal(res.headers['x-frame-options'], 'DENY', where);
        assert.equal(res.headers['referrer-policy'], 'no-referrer', where);
        if (isApiPath(target.path)) assert.equal(res.headers['cache-control'], 'no-store', where);
        if (res.status >= 400 && isApiPath(target.path)) assertErrorShape(res.status, res.body, where);
      }
    }
  });

  test("the UI's pages carry the strict CSP (default-src 'self'; img-src 'self' data:) and never a script allowance", async () => {
    for (const p of ['/', '/login', '/account/security']) {
      const res = await server.client().get(p);
      const csp = String(res.headers['content-security-policy'] ?? '');
      assert.match(csp, /default-src 'self'/, p);
      assert.match(csp, /img-src 'self' data:/, p);
      assert.match(csp, /frame-ancestors 'none'/, p);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/, `${p}: no unsafe-* and no wildcard`);
    }
  });

  test('answers that carry secrets are no-store: login cookies, a new key, a 2FA secret', async () => {
    const owner = await fixtures.owner();
    const client = fixtures.client(fixtures.session(owner.id));
    const login = await server.client().post('/api/login/', { email: ownerEmail, password: STRONG_PASSWORD });
    assert.equal(login.headers['cache-control'], 'no-store');
    const created = await client.post('/api/personal_api_keys/', {
      label: 'no-store',
      scopes: ['user:read'],
    });
    if (created.status !== 404) {
      assert.equal(created.status, 201, created.text);
      assert.equal(created.headers['cache-control'], 'no-store');
    }
    const setup = await client.get('/api/users/@me/two_factor_start_setup/');
    if (setup.status !== 404) {
      assert.equal(setup.status, 200, setup.text);
      assert.equal(setup.headers['cache-control'], 'no-store');
    }
  });
});

describe('security.md 18: loopback only', () => {
  test('the server listens on 127.0.0.1 and is unreachable on every other address of this machine', async () => {
    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((a): a is os.NetworkInterfaceInfo => !!a && !a.internal && a.family === 'IPv4')
      .map((a) => a.address);
    for (const address of others) {
      const reached = await canConnect(address, server.port);
      assert.equal(reached, false, `${address}:${server.port} must not accept connections`);
    }
    assert.equal(await canConnect('127.0.0.1', server.port), true);
  });

  test('startServer defaults to 127.0.0.1', async () => {
    const s = await startServer({ port: 0, dataDir: scratch(), log: () => {} });
    try {
      assert.match(s.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await s.close();
    }
  });

  test('`userdesk serve` refuses a non-loopback address unless forced', () => {
    const cli = path.resolve('dist/main/cli.js');
    assert.ok(existsSync(cli), 'run `npm run build:main` first');
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.com']) {
      const r = spawnSync(
        process.execPath,
        [cli, 'serve', '--host', host, '--port', '0', '--data-dir', scratch()],
        {
          encoding: 'utf8',
          timeout: 20_000,
        },
      );
      assert.equal(r.status, 2, `${host}: ${r.stderr}`);
      assert.match(r.stderr, /Refusing to listen on .*loopback only/, host);
    }
  });
});

// Last, so it runs after the hooks above have stopped their servers.
after(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});
