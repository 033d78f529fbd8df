/**
 * Issue 13 §2: the node:http fast path for GET @me, two-factor status and push tokens must be taken
 * (counted), and must answer every request — valid, hostile or malformed — byte for byte as the
 * Hono path does. Two servers share one data dir: one with the fast path, one without; the same
 * raw request goes to both and the answers (status line, headers but Date, body) must be equal.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { cacheCounters } from '../../main/domain/cache-stats.js';
import { manualClock } from '../../main/domain/deps.js';
import { startServer, type RunningServer } from '../../main/server/start.js';
import { createKey, logIn, signUp } from '../helpers/accounts.js';
import { createUserDirect } from '../helpers/direct.js';
import { HttpClient } from '../helpers/http-client.js';
import { tempDir } from '../helpers/server.js';
import { rawRequest } from './support/raw-http.js';

const PATHS = [
  '/api/users/@me/',
  '/api/users/@me',
  '/api/users/@me/two_factor_status/',
  '/api/users/@me/two_factor_status',
  '/api/users/@me/push_tokens/',
  '/api/users/@me/push_tokens',
];

let dataDir: string;
let fast: RunningServer;
let slow: RunningServer;
const logs: string[] = [];
const creds = { all: '', read: '', write: '', session: '', csrf: '' };

before(async () => {
  dataDir = tempDir();
  // One clock for both, so time-derived fields (sensitive_session_expires_at) agree.
  const clock = manualClock(Date.UTC(2026, 0, 15, 12, 0, 0));
  const log = (l: string) => logs.push(l);
  fast = await startServer({ port: 0, dataDir, clock, log });
  slow = await startServer({ port: 0, dataDir, clock, log, fastPath: false });
  const client = new HttpClient(fast.url);
  await signUp(client);
  creds.all = await createKey(client, ['*']);
  creds.read = await createKey(client, ['user:read']);
  creds.write = await createKey(client, ['user:write']);
  const reg = await client.post('/api/users/@me/push_tokens/', {
    token: 'fast-path-token-0123',
    platform: 'ios',
  });
  assert.equal(reg.status, 200, reg.text);
  // A second account's session, so the session cases are not the staff owner's.
  const other = await createUserDirect(dataDir);
  const member = new HttpClient(fast.url);
  assert.equal((await logIn(member, other.email)).status, 200);
  creds.session = member.cookies.get('sessionid')!;
  creds.csrf = member.cookies.get('csrftoken')!;
});

after(async () => {
  await fast.close();
  await slow.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** `{PORT}` in a header line is each server's own port (the allow-listed Host differs by port). */
function requestFor(server: RunningServer, method: string, path: string, headerLines: string[]): string {
  const lines = headerLines.map((l) => l.replaceAll('{PORT}', String(server.port)));
  return `${method} ${path} HTTP/1.1\r\n${lines.join('\r\n')}${lines.length ? '\r\n' : ''}Connection: close\r\n\r\n`;
}

/** The answer without its Date header (the only part allowed to differ). */
const normalise = (answer: string) => answer.replace(/\r\nDate: [^\r]*/i, '');

async function both(method: string, path: string, headerLines: string[]) {
  const [a, b] = await Promise.all([
    rawRequest(fast.port, requestFor(fast, method, path, headerLines)),
    rawRequest(slow.port, requestFor(slow, method, path, headerLines)),
  ]);
  return { fastAnswer: normalise(a), slowAnswer: normalise(b) };
}

const host = 'Host: 127.0.0.1:{PORT}';
const bearer = (k: string) => `Authorization: Bearer ${k}`;
const cookie = () => `Cookie: sessionid=${creds.session}; csrftoken=${creds.csrf}`;

/** Requests the fast path answers itself: it must count them, and match Hono byte for byte. */
const taken: [string, () => string[]][] = [
  ['a key with every scope', () => [host, bearer(creds.all)]],
  ['a user:read key', () => [host, bearer(creds.read)]],
  ['a user:write key (implies read)', () => [host, bearer(creds.write)]],
  ['a session cookie', () => [host, cookie()]],
  ['localhost, upper case', () => ['Host: LOCALHOST:{PORT}', bearer(creds.all)]],
  ['[::1]', () => ['Host: [::1]:{PORT}', cookie()]],
  ['no credentials', () => [host]],
  ['an unknown key', () => [host, bearer('phx_' + 'x'.repeat(47))]],
  ['a key without phx_', () => [host, bearer('abc')]],
  ['an overlong key', () => [host, bearer('phx_' + 'y'.repeat(300))]],
  ['Basic instead of Bearer', () => [host, 'Authorization: Basic dXNlcjpwYXNz']],
  ['an empty Bearer', () => [host, 'Authorization: Bearer ']],
  ['an empty Authorization', () => [host, 'Authorization: ']],
  ['a forged session id', () => [host, 'Cookie: sessionid=forged-session-value']],
  ['an overlong session id', () => [host, `Cookie: sessionid=${'s'.repeat(300)}`]],
  ['a cookie header without the session', () => [host, 'Cookie: csrftoken=abc']],
  ['a key and a session: the key wins', () => [host, bearer(creds.read), cookie()]],
  ['an invalid key and a session: refused', () => [host, bearer('phx_nope'), cookie()]],
];

/** Requests the fast path must leave to Hono (still answered identically, since Hono answers both). */
const passed: [string, () => string[]][] = [
  ['a foreign Host', () => ['Host: evil.example', bearer(creds.all)]],
  ['a rebinding Host with the right port', () => ['Host: evil.example:{PORT}', bearer(creds.all)]],
  ['the wrong port', () => ['Host: 127.0.0.1:1', bearer(creds.all)]],
  ['an unparsable Host', () => ['Host: a:1.evil', bearer(creds.all)]],
  ['two Host headers', () => [host, 'Host: evil.example', bearer(creds.all)]],
  ['two Authorization headers', () => [host, bearer(creds.all), bearer(creds.read)]],
  ['two Cookie headers', () => [host, 'Cookie: x=1', cookie()]],
];

describe('the fast path is taken for the plain case, and counted', () => {
  for (const path of PATHS) {
    for (const [name, headers] of taken) {
      test(`${path} — ${name}: identical to Hono, served by the fast path`, async () => {
        const before = cacheCounters.fastPath.served;
        const { fastAnswer, slowAnswer } = await both('GET', path, headers());
        assert.equal(cacheCounters.fastPath.served, before + 1, 'the fast path answered');
        assert.equal(fastAnswer, slowAnswer);
      });
    }
  }
});

describe('requests the fast path leaves to Hono get the same answer from both servers', () => {
  for (const path of PATHS.filter((p) => p.endsWith('/'))) {
    for (const [name, headers] of passed) {
      test(`${path} — ${name}`, async () => {
        const before = cacheCounters.fastPath.served;
        const { fastAnswer, slowAnswer } = await both('GET', path, headers());
        assert.equal(cacheCounters.fastPath.served, before, 'left to Hono');
        assert.equal(fastAnswer, slowAnswer);
      });
    }
    const variants: [string, string][] = [
      ['HEAD', path],
      ['GET', `${path}?personal_api_key=${'phx_' + 'q'.repeat(47)}`],
      ['GET', `${path}?x=1`],
      ['GET', path.replace('@me', '%40me')],
      ['GET', path.replace('@me', '@ME')],
      ['GET', `/${path}`],
      ['POST', path],
    ];
    for (const [method, target] of variants) {
      test(`${method} ${target} with a key: left to Hono, same answer`, async () => {
        const before = cacheCounters.fastPath.served;
        const { fastAnswer, slowAnswer } = await both(method, target, [host, bearer(creds.all)]);
        assert.equal(cacheCounters.fastPath.served, before);
        assert.equal(fastAnswer, slowAnswer);
      });
    }
  }
});

describe('what the fast path answers', () => {
  test('the security headers and the refusal bodies of the contract', async () => {
    const ok = await new HttpClient(fast.url).get('/api/users/@me/', { key: creds.read });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers['cache-control'], 'no-store');
    assert.equal(ok.headers['x-frame-options'], 'DENY');
    assert.match(String(ok.headers['content-security-policy']), /default-src 'self'/);
    const keyOnSessionRoute = await new HttpClient(fast.url).get('/api/users/@me/two_factor_status/', {
      key: creds.all,
    });
    assert.equal(keyOnSessionRoute.status, 403);
    assert.deepEqual(keyOnSessionRoute.body, {
      type: 'authentication_error',
      code: 'permission_denied',
      detail: 'This action does not support personal API key access',
      attr: null,
    });
  });

  test('a burst of parallel reads all answer 200 with the same bytes, and nothing is logged', async () => {
    const c = new HttpClient(fast.url);
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => c.get('/api/users/@me/', { key: creds.all })),
    );
    assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([200]));
    assert.equal(new Set(answers.map((a) => a.text)).size, 1);
    assert.deepEqual(logs, []);
  });
});
