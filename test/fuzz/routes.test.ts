/**
 * Property-based fuzzing of every route the server declares (issue 8 §1), through real HTTP:
 * arbitrary JSON bodies (wrong types, nulls, huge and odd unicode strings, deep nesting), broken
 * bodies and content types, arbitrary headers, path segments and query strings, as every kind of
 * caller. Properties, for each request:
 *   - never a 5xx, and nothing logged as a server error;
 *   - every error under /api/ and /_ is exactly the contract's {type, code, detail, attr};
 *   - no Access-Control-* header;
 *   - a refused request changes nothing in the database (beyond the throttle counters and the
 *     security events the contract asks failed logins and second-factor tries to leave);
 *   - the server still answers /_health afterwards.
 *
 * Bounded in `npm test` (FUZZ_RUNS per route, fixed seed); `npm run fuzz` sets FUZZ_RUNS high.
 * FUZZ_SEED replays another seed, FUZZ_ONLY=<regex> limits the routes; a failure prints fast-check's seed and path to reproduce it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { assertErrorShape, assertNoCors, isApiPath } from '../security/support/contract.js';
import { DbState, REFUSAL_EVENTS } from '../security/support/db-state.js';
import { Fixtures } from '../security/support/fixtures.js';
import { discoverRoutes, fillPath, type RouteInfo } from '../security/support/routes.js';
import {
  bodyFor,
  expandMarkers,
  fuzzHeaders,
  fuzzQuery,
  fuzzSegment,
  HUGE_MARK,
  type FuzzBody,
} from './support/arbitraries.js';
import { CALLERS, sendRaw, World, type Caller } from './support/world.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20260115);
const RUNS = Number(process.env.FUZZ_RUNS ?? 30);

let server: TestServer;
let fixtures: Fixtures;
let state: DbState;
let world: World;
let routes: RouteInfo[];
/** Requests sent, for the report (printed at the end). */
let sent = 0;

before(async () => {
  server = await startTestServer();
  fixtures = new Fixtures(server.dataDir, server.clock, server.url);
  await fixtures.owner();
  world = new World(fixtures);
  await world.ensure();
  state = new DbState(server.dataDir);
  routes = await discoverRoutes(server.url);
});
after(async () => {
  console.log(
    `fuzz: ${sent} requests over ${routes?.length ?? 0} routes (seed ${SEED}, ${RUNS} runs per route)`,
  );
  state?.close();
  fixtures?.close();
  await server?.stop();
});

/** Routes that cost a 300 ms scrypt per accepted body get fewer runs. */
const SLOW = /^\/api\/(login|signup)\/$|verify_email|login\/token/;
const runsFor = (route: RouteInfo) =>
  SLOW.test(route.template) || route.method === 'PUT' ? Math.max(4, Math.ceil(RUNS / 4)) : RUNS;

/** Tables a refused request to this route may legitimately change (counters the contract keeps). */
function mayChangeOnRefusal(path: string, raw: string | undefined): string[] {
  const allowed: string[] = [];
  // Any spelling the router may accept: `/api/login`, `/api//login/`, …
  if (/^\/api\/+login(\/|$)|two_factor_validate|validate_2fa|verify_email/i.test(path))
    allowed.push('throttles');
  if (/verify_email/i.test(path)) allowed.push('pending_email_changes');
  if (raw?.includes('current_password')) allowed.push('throttles');
  return allowed;
}

/** Callers without staff rights: whatever they send, nobody else's rows may change. */
const MEMBER_CALLERS = new Set<Caller>(['memberSession', 'memberKey', 'memberReadKey', 'pending']);
/** Signing in and out legitimately touches sessions and counters of the account named in the body. */
// Sign-in flows (passwordless passkey sign-in included) touch rows no user owns yet: its challenge.
const AUTH_FLOW = /^\/api\/+(login|logout|signup|webauthn\/+login)|verify_email/i;

interface FuzzRequest {
  caller: Caller;
  method: string;
  path: string;
  query: string;
  body: FuzzBody;
  headers: Record<string, string>;
  noCsrf: boolean;
}

/** Sends one request and checks every property; returns a description for failure messages. */
async function check(req: FuzzRequest): Promise<void> {
  await world.ensure();
  const credential = world.credential(req.caller);
  const before = state.fingerprint();
  const lastEvent = state.lastEventId();
  const logStart = server.logs.length;
  const caller = world.userOf(req.caller);
  const guarded = MEMBER_CALLERS.has(req.caller) && !AUTH_FLOW.test(req.path);
  const othersBefore = guarded ? state.othersFingerprint(caller.id) : '';
  const headers: Record<string, string> = { ...req.headers };
  if (req.body.contentType !== undefined && req.body.raw !== undefined)
    headers['content-type'] = req.body.contentType;
  const url = req.path + req.query;
  const res = await sendRaw(server.url, credential, {
    method: req.method,
    target: url,
    headers,
    raw: req.body.raw === undefined ? undefined : expandMarkers(req.body.raw),
    noCsrf: req.noCsrf,
  });
  sent++;
  const where = `${req.method} ${url.slice(0, 200)} as ${req.caller} (${res.status}) body ${String(req.body.raw).slice(0, 200)}`;
  const logged = server.logs.slice(logStart);
  assert.ok(res.status < 500, `${where}: ${res.text.slice(0, 300)}\n${logged.join('\n').slice(0, 2000)}`);
  assert.deepEqual(logged, [], `${where}: the server logged an error`);
  assertNoCors(res.headers, where);
  if (res.status >= 400 && req.method !== 'HEAD' && isApiPath(req.path))
    assertErrorShape(res.status, res.body, where);
  if (guarded) {
    assert.equal(
      state.othersFingerprint(caller.id),
      othersBefore,
      `${where}: a non-staff caller changed another user's data`,
    );
  }
  if (res.status >= 400) {
    const changed = DbState.changedTables(before, state.fingerprint(), [
      'activity_events',
      ...mayChangeOnRefusal(req.path, req.body.raw),
    ]);
    assert.deepEqual(changed, [], `${where}: a refused request changed ${changed.join(', ')}`);
    const events = state.eventTypesSince(lastEvent).filter((t) => !REFUSAL_EVENTS.has(t));
    assert.deepEqual(events, [], `${where}: a refused request recorded ${events.join(', ')}`);
  }
}

/** A request for `route`: the path's parameters, query, body, headers and caller all fuzzed. */
function requestFor(route: RouteInfo): fc.Arbitrary<FuzzRequest> {
  const param = fc.oneof(
    { weight: 5, arbitrary: fc.constant<string>('good') },
    { weight: 1, arbitrary: fc.constant('self') },
    { weight: 1, arbitrary: fc.constant('other') },
    { weight: 2, arbitrary: fuzzSegment },
  );
  const unsafe = route.method !== 'GET';
  return fc
    .record({
      caller: fc.constantFrom(...CALLERS),
      params: fc.tuple(...route.params.map(() => param)),
      shape: fc.constantFrom('as-is', 'as-is', 'as-is', 'no-slash', 'extra', 'double-slash', 'upper'),
      query: fc.oneof({ weight: 3, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fuzzQuery }),
      body: unsafe
        ? bodyFor(route.body)
        : fc.oneof(
            { weight: 5, arbitrary: fc.constant({ raw: undefined, contentType: undefined }) },
            { weight: 1, arbitrary: bodyFor(undefined) },
          ),
      headers: fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fuzzHeaders }),
      noCsrf: fc.oneof(
        { weight: 9, arbitrary: fc.constant(false) },
        { weight: 1, arbitrary: fc.constant(true) },
      ),
    })
    .map(({ caller, params, shape, query, body, headers, noCsrf }) => ({
      caller,
      method: route.method,
      query,
      body,
      headers,
      noCsrf,
      // Resolved at send time: the right ids depend on who exists then.
      path: JSON.stringify({ params, shape }),
    }));
}

/** Turns the symbolic path of `requestFor` into a real one against the current world. */
function resolvePath(route: RouteInfo, req: FuzzRequest): string {
  const { params, shape } = JSON.parse(req.path) as { params: string[]; shape: string };
  const user = world.userOf(req.caller);
  const values: Record<string, string> = {};
  route.params.forEach((name, i) => {
    const p = params[i];
    if (p === 'good' || p === 'self') {
      values[name] =
        name === 'uuid'
          ? p === 'self'
            ? user.uuid
            : '@me'
          : name === 'project_id'
            ? p === 'self'
              ? String(user.current_team_id)
              : '@current'
            : world.goodId(route.template, user.id);
    } else if (p === 'other') {
      values[name] =
        name === 'uuid'
          ? world.otherThan(req.caller).uuid
          : world.goodId(route.template, world.otherThan(req.caller).id);
    } else values[name] = p;
  });
  const path = fillPath(route.template, values);
  switch (shape) {
    case 'no-slash':
      return path.replace(/\/$/, '');
    case 'extra':
      return `${path}extra/`;
    case 'double-slash':
      return path.replace('/api/', '/api//');
    case 'upper':
      return path.replace('/api/', '/API/');
    default:
      return path;
  }
}

describe('fuzz: every route the server declares', () => {
  test('the routes were discovered from /api/schema/', () => {
    assert.ok(routes.length >= 10, `found ${routes.length} routes`);
  });

  // One node:test per route, generated after discovery (before() has run when this executes).
  test('each route, each caller, hostile input', async (t) => {
    const only = process.env.FUZZ_ONLY ? new RegExp(process.env.FUZZ_ONLY) : null;
    for (const route of routes) {
      if (only && !only.test(`${route.method} ${route.template}`)) continue;
      await t.test(`${route.method} ${route.template}`, async () => {
        await fc.assert(
          fc.asyncProperty(requestFor(route), async (symbolic) => {
            await world.ensure();
            await check({ ...symbolic, path: resolvePath(route, symbolic) });
          }),
          { seed: SEED, numRuns: runsFor(route), endOnFailure: false, verbose: 1 },
        );
        const health = await server.client().get('/_health');
        assert.equal(health.status, 200, 'the server stays up');
      });
    }
  });

  test('a fixed corpus of known-hostile bodies on every unsafe route', async () => {
    const values = [
      '__fuzz_deep_a5000__',
      '__fuzz_deep_o200000__',
      'x'.repeat(200_000),
      '\ud800',
      'a\u0000b',
      null,
      1e308,
      -0,
      {},
      [],
      { __proto__: { is_staff: true } },
    ];
    const wholeBodies = [
      '"__fuzz_deep_a200000__"',
      `{"first_name":"${HUGE_MARK}"}`,
      '{"__proto__":{"is_staff":true},"constructor":{"prototype":{"is_staff":true}}}',
      '{"first_name":"a","first_name":"b"}',
      '\ufeff{}',
      '[]',
      'null',
      '"string"',
      '1e999',
      '{"a":1}{"b":2}',
    ];
    let corpus = 0;
    for (const route of routes.filter((r) => r.method !== 'GET')) {
      const fields = Object.keys(route.body?.properties ?? { first_name: {} });
      const bodies = [
        ...fields.flatMap((field) => values.map((v) => JSON.stringify({ [field]: v }))),
        ...wholeBodies,
      ];
      for (const raw of bodies) {
        for (const caller of ['staffSession', 'memberKey'] as const) {
          const symbolic = { params: route.params.map(() => 'good'), shape: 'as-is' };
          const req: FuzzRequest = {
            caller,
            method: route.method,
            path: JSON.stringify(symbolic),
            query: '',
            body: { raw, contentType: 'application/json' },
            headers: {},
            noCsrf: false,
          };
          await check({ ...req, path: resolvePath(route, req) });
          corpus++;
        }
      }
    }
    assert.ok(corpus > 100);
  });

  test('arbitrary methods and paths, in and out of /api/', async () => {
    const vocabulary = [
      'api',
      'users',
      '@me',
      'personal_api_keys',
      'push_tokens',
      'two_factor_status',
      'login',
      'token',
      'login_sessions',
      'schema',
      '_health',
      '_preflight',
      'assets',
      'projects',
      '@current',
      'dashboards',
      'hedgehog_config',
      'activity',
      'unregister',
      'roll',
      'revoke_others',
    ];
    const path = fc
      .array(
        fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...vocabulary) },
          { weight: 1, arbitrary: fuzzSegment },
        ),
        {
          minLength: 0,
          maxLength: 6,
        },
      )
      .chain((segments) =>
        fc.constantFrom('', '/').map((end) => `/${segments.join('/')}${segments.length ? end : ''}`),
      );
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          caller: fc.constantFrom(...CALLERS),
          method: fc.constantFrom('GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'),
          path,
          query: fc.oneof(fc.constant(''), fuzzQuery),
          body: bodyFor(undefined),
          headers: fc.oneof(fc.constant({}), fuzzHeaders),
          noCsrf: fc.boolean(),
        }),
        async (req) => {
          // Signing in is the login route's fuzz; here a POST /api/login/ would only cost scrypt time.
          if (/^\/api\/(login|signup)\/?$/i.test(req.path)) return;
          await check(req);
        },
      ),
      { seed: SEED, numRuns: RUNS * 10, endOnFailure: false, verbose: 1 },
    );
  });
});
