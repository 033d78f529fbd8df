import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Messages } from '../../shared/errors.js';
import { LiveEventSchema } from '../../shared/live-events.js';
import { createKey } from '../helpers/accounts.js';
import { cliFromSource } from '../helpers/cli-from-source.js';
import type { TestServer } from '../helpers/server.js';
import { SseReader } from '../helpers/sse.js';
import { type Account, member, serverWithStaff, STRONG_PASSWORD, withDeps } from './support.js';
import { enrol } from './two-factor-helpers.js';

const cli = cliFromSource;

describe('GET /api/users/@me/events/ (live updates)', () => {
  let server: TestServer;
  let staff: Account;
  let alice: Account;
  let bob: Account;
  const open: SseReader[] = [];
  const stream = async (client = alice.client, p?: string, headers?: Record<string, string>) => {
    const reader = await SseReader.open(client, p, headers);
    open.push(reader);
    return reader;
  };

  before(async () => {
    ({ server, staff } = await serverWithStaff());
    alice = await member(server);
    bob = await member(server);
  });
  after(async () => {
    for (const r of open) r.close();
    await server.stop();
  });

  test('refuses anonymous callers, keys, another user and another site, in the contract shape', async () => {
    const anon = await stream(server.client());
    assert.equal(anon.status, 401);
    assert.deepEqual(JSON.parse(anon.raw), {
      type: 'authentication_error',
      code: 'not_authenticated',
      detail: Messages.notAuthenticated,
      attr: null,
    });
    const key = await createKey(alice.client, ['*']);
    const byKey = await stream(server.client(), undefined, { authorization: `Bearer ${key}` });
    assert.equal(byKey.status, 403);
    assert.deepEqual(JSON.parse(byKey.raw), {
      type: 'authentication_error',
      code: 'permission_denied',
      detail: Messages.keyNotSupported,
      attr: null,
    });
    const other = await stream(alice.client, `/api/users/${bob.uuid}/events/`);
    assert.equal(other.status, 403);
    assert.deepEqual(JSON.parse(other.raw), {
      type: 'authentication_error',
      code: 'permission_denied',
      detail: Messages.meOnly,
      attr: null,
    });
    const foreign = await stream(alice.client, undefined, { origin: 'https://evil.example' });
    assert.equal(foreign.status, 403);
    assert.deepEqual(JSON.parse(foreign.raw), {
      type: 'authentication_error',
      code: 'cross_site_request',
      detail: Messages.originRefused,
      attr: null,
    });
  });

  test('a key-authenticated script registering a device produces a push_tokens event', async () => {
    const reader = await stream();
    assert.equal(reader.status, 200);
    assert.match(reader.contentType, /^text\/event-stream/);
    const key = await createKey(alice.client, ['user:write']);
    const res = await server
      .client()
      .post(
        '/api/users/@me/push_tokens/',
        { token: 'device-token-from-a-script-0001', platform: 'ios' },
        { key },
      );
    assert.equal(res.status, 200, res.text);
    const message = await reader.next((m) => m.event === 'change' && m.data.includes('"push_tokens"'));
    const event = LiveEventSchema.parse(JSON.parse(message.data));
    assert.deepEqual(
      { kind: event.kind, op: event.op, user: event.user, ids: event.ids },
      { kind: 'push_tokens', op: 'insert', user: alice.uuid, ids: [String(res.body.id)] },
    );
    assert.equal(message.id, String(event.id));
  });

  test('a change by the CLI in another process arrives within 1 s of its commit', async () => {
    const reader = await stream();
    const result = await cli([
      'keys',
      'create',
      '--email',
      alice.email,
      '--label',
      'from the cli',
      '--scopes',
      'user:read',
      '--data-dir',
      server.dataDir,
    ]);
    assert.equal(result.code, 0, result.stderr);
    const message = await reader.next((m) => m.event === 'change' && m.data.includes('"api_keys"'));
    const event = JSON.parse(message.data) as { at: string; op: string; user: string };
    assert.equal(event.op, 'insert');
    assert.equal(event.user, alice.uuid);
    // `at` is the commit's time, stamped by SQLite in the CLI's process; same machine, same clock.
    const latency = message.receivedAt - Date.parse(event.at);
    process.stdout.write(`# CLI change → event latency: ${latency} ms\n`);
    assert.ok(latency < 1000, `arrived ${latency} ms after the commit`);
  });

  test('Last-Event-ID replays what was missed, in order, and nothing older', async () => {
    const first = await stream();
    await alice.client.patch('/api/users/@me/', { first_name: 'Before' });
    const seen = await first.next((m) => m.event === 'change' && m.data.includes('"kind":"user"'));
    first.close();
    const a = await alice.client.patch('/api/users/@me/', { first_name: 'Missed' });
    assert.equal(a.status, 200, a.text);
    const token = await alice.client.post('/api/users/@me/push_tokens/', {
      token: 'device-token-while-away-0002',
      platform: 'android',
    });
    assert.equal(token.status, 200, token.text);
    const again = await stream(alice.client, undefined, { 'last-event-id': seen.id! });
    await again.next((m) => m.event === 'change' && m.data.includes('"push_tokens"'));
    const replayed = again.changes();
    assert.ok(
      replayed.every((e) => e.id > Number(seen.id)),
      'nothing at or before Last-Event-ID',
    );
    assert.deepEqual(
      replayed.slice(0, 2).map((e) => [e.kind, e.op]),
      [
        ['user', 'update'],
        ['push_tokens', 'insert'],
      ],
    );
    assert.deepEqual(replayed[1].ids, [String(token.body.id)]);
    // An id the server never issued (a replaced database): the window must refetch everything.
    const future = await stream(alice.client, undefined, { 'last-event-id': '999999999' });
    const resync = await future.next((m) => m.event === 'resync');
    assert.deepEqual(JSON.parse(resync.data), { reason: 'gap' });
  });

  test("a non-staff user never sees another user's events; staff see them", async () => {
    const aliceStream = await stream(alice.client);
    const staffStream = await stream(staff.client);
    const res = await bob.client.post('/api/users/@me/push_tokens/', {
      token: 'bobs-device-token-000000003',
      platform: 'web',
    });
    assert.equal(res.status, 200, res.text);
    await staffStream.next((m) => m.data.includes(`"user":"${bob.uuid}"`));
    // Then a change of Alice's own: once it arrives, anything of Bob's would have arrived before it.
    await alice.client.patch('/api/users/@me/', { last_name: 'Marker' });
    await aliceStream.next((m) => m.event === 'change' && m.data.includes('"kind":"user"'));
    assert.ok(!aliceStream.raw.includes(bob.uuid), aliceStream.raw);
    assert.ok(aliceStream.changes().every((e) => e.user === alice.uuid));
  });

  test('no secret crosses the stream: key values, push tokens, TOTP secret, session ids, password', async () => {
    const carol = await member(server);
    const reader = await stream(carol.client);
    const key = await createKey(carol.client, ['user:read']);
    const pushToken = 'very-private-device-token-4242';
    await carol.client.post('/api/users/@me/push_tokens/', { token: pushToken, platform: 'ios' });
    const secret = await enrol(server, carol.client);
    const codes = await carol.client.post('/api/users/@me/two_factor_backup_codes/', {});
    await reader.next((m) => m.data.includes('"two_factor"'));
    await reader.next((m) => m.data.includes('"backup_codes"'));
    const stored = withDeps(server, (deps) => ({
      hashes: deps.db.prepare('SELECT secure_value FROM personal_api_keys').pluck().all() as string[],
      sessions: deps.db.prepare('SELECT token_hash, csrf_token FROM sessions').raw().all().flat() as string[],
      totp: deps.db.prepare('SELECT secret_sealed FROM totp_devices').pluck().all() as string[],
      codes: deps.db.prepare('SELECT code_hash FROM backup_codes').pluck().all() as string[],
    }));
    const secrets = [
      key,
      pushToken,
      secret,
      STRONG_PASSWORD,
      carol.client.cookies.get('sessionid')!,
      carol.client.cookies.get('csrftoken')!,
      ...((codes.body?.backup_codes as string[] | undefined) ?? []),
      ...stored.hashes,
      ...stored.sessions,
      ...stored.totp,
      ...stored.codes,
    ];
    for (const s of secrets) assert.ok(s && !reader.raw.includes(s), `a secret crossed the stream: ${s}`);
  });

  test('at most 5 streams per user: the sixth closes the oldest', async () => {
    const dave = await member(server);
    const readers: SseReader[] = [];
    for (let i = 0; i < 5; i++) readers.push(await stream(dave.client));
    assert.ok(readers.every((r) => !r.ended));
    readers.push(await stream(dave.client));
    await readers[0].untilEnded();
    await dave.client.patch('/api/users/@me/', { first_name: 'Still' });
    await readers[5].next((m) => m.data.includes('"kind":"user"'));
    assert.ok(readers.slice(1).every((r) => !r.ended));
  });

  test('a burst of 8 parallel streams for one user leaves exactly 5 open', async () => {
    const fay = await member(server);
    const readers = await Promise.all(Array.from({ length: 8 }, () => stream(fay.client)));
    assert.ok(readers.every((r) => r.status === 200));
    const end = Date.now() + 10_000;
    while (readers.filter((r) => r.ended).length < 3 && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await fay.client.patch('/api/users/@me/', { first_name: 'Burst' });
    const live = readers.filter((r) => !r.ended);
    assert.equal(live.length, 5);
    await Promise.all(live.map((r) => r.next((m) => m.data.includes('"kind":"user"'))));
  });

  test('signing out elsewhere ends the stream of that session', async () => {
    const erin = await member(server);
    const reader = await stream(erin.client);
    const out = await erin.client.post('/api/logout/', {});
    assert.ok(out.status < 300, out.text);
    await reader.untilEnded();
  });

  test('the stream carries the API headers: nosniff, frame denial, no-referrer, no-store, no CORS', async () => {
    const reader = await stream(alice.client, undefined, { origin: `http://127.0.0.1:${server.port}` });
    assert.equal(reader.status, 200);
    const h = reader.headers;
    assert.deepEqual(
      [h['x-content-type-options'], h['x-frame-options'], h['referrer-policy'], h['cache-control']],
      ['nosniff', 'DENY', 'no-referrer', 'no-store'],
    );
    assert.ok(!Object.keys(h).some((name) => name.startsWith('access-control-')), JSON.stringify(h));
  });

  test('the stream is documented in /api/schema/ as text/event-stream', async () => {
    const res = await staff.client.get('/api/schema/');
    assert.equal(res.status, 200);
    const op = res.body.paths['/api/users/{uuid}/events/'].get;
    assert.ok(op.responses['200'].content['text/event-stream'], JSON.stringify(op.responses['200']));
    assert.deepEqual(op.tags, ['live']);
  });
});
