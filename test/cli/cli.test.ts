import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { HttpClient } from '../helpers/http-client.js';
import { tempDir } from '../helpers/server.js';

const CLI = path.resolve('dist/main/cli.js');
const PASSWORD = 'correct horse battery staple 42';

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  assert.ok(existsSync(CLI), 'dist/main/cli.js is missing: run `npm run build` first');
  const result = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts `userdesk serve` as a child and resolves once it printed its URL line. */
function serve(dataDir: string, extra: string[] = []) {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', dataDir, ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      const m = /^Userdesk listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited early (${code}): ${out}`)));
  });
  return { child, url };
}

test('users create / keys create, then curl-style GET @me with the key returns the full user', async () => {
  const dataDir = tempDir();
  const created = run([
    'users',
    'create',
    '--email',
    'ada@example.com',
    '--password',
    PASSWORD,
    '--first-name',
    'Ada',
    '--data-dir',
    dataDir,
  ]);
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stdout, /Created ada@example\.com .*staff/);
  const key = run([
    'keys',
    'create',
    '--email',
    'ada@example.com',
    '--label',
    'tool',
    '--scopes',
    'user:read,user:write',
    '--data-dir',
    dataDir,
  ]);
  assert.equal(key.code, 0, key.stderr);
  const value = key.stdout.trim();
  assert.match(value, /^phx_[0-9A-Za-z]{47}$/);

  const { child, url } = serve(dataDir);
  try {
    const base = await url;
    const info = JSON.parse(readFileSync(path.join(dataDir, 'server.json'), 'utf8'));
    assert.equal(info.url, base);
    assert.equal(info.pid, child.pid);
    const me = await new HttpClient(base).get('/api/users/@me/', { key: value });
    assert.equal(me.status, 200);
    assert.equal(me.body.email, 'ada@example.com');
    assert.equal(me.body.first_name, 'Ada');
    assert.ok(me.body.organization && me.body.team && Array.isArray(me.body.scene_personalisation));
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  assert.equal(existsSync(path.join(dataDir, 'server.json')), false, 'server.json removed on exit');
});

test('users list / show and keys list / revoke, with --json', () => {
  const dataDir = tempDir();
  run(['users', 'create', '--email', 'a@example.com', '--password', PASSWORD, '--data-dir', dataDir]);
  run(['users', 'create', '--email', 'b@example.com', '--password', PASSWORD, '--data-dir', dataDir]);
  const list = run(['users', 'list', '--json', '--data-dir', dataDir]);
  const users = JSON.parse(list.stdout);
  assert.deepEqual(
    users.map((u: { email: string }) => u.email),
    ['a@example.com', 'b@example.com'],
  );
  assert.deepEqual(
    users.map((u: { is_staff: boolean }) => u.is_staff),
    [true, false],
  );
  const show = JSON.parse(run(['users', 'show', 'b@example.com', '--json', '--data-dir', dataDir]).stdout);
  assert.equal(show.is_2fa_enabled, false);
  const key = JSON.parse(
    run([
      'keys',
      'create',
      '--email',
      'b@example.com',
      '--label',
      'x',
      '--scopes',
      'user:read',
      '--json',
      '--data-dir',
      dataDir,
    ]).stdout,
  );
  const keys = JSON.parse(
    run(['keys', 'list', '--email', 'b@example.com', '--json', '--data-dir', dataDir]).stdout,
  );
  assert.equal(keys.length, 1);
  assert.equal(keys[0].value, undefined, 'the raw value is never listed');
  assert.equal(keys[0].mask_value, `phx_…${key.value.slice(-4)}`);
  assert.equal(run(['keys', 'revoke', key.id, '--data-dir', dataDir]).code, 0);
  assert.deepEqual(
    JSON.parse(run(['keys', 'list', '--email', 'b@example.com', '--json', '--data-dir', dataDir]).stdout),
    [],
  );
});

test('USERDESK_DATA_DIR is used when --data-dir is absent', () => {
  const dataDir = tempDir();
  assert.equal(
    run(['users', 'create', '--email', 'env@example.com', '--password', PASSWORD], {
      USERDESK_DATA_DIR: dataDir,
    }).code,
    0,
  );
  assert.match(run(['users', 'list', '--data-dir', dataDir]).stdout, /env@example\.com/);
});

for (const [name, args, pattern] of [
  ['a weak password', ['users', 'create', '--email', 'w@example.com', '--password', 'password'], /password/i],
  ['a missing flag', ['users', 'create', '--email', 'w@example.com'], /Missing --password/],
  ['an unknown command', ['frobnicate'], /Unknown command/],
  ['an unknown option', ['users', 'list', '--bogus'], /bogus/],
  [
    'a bad scope',
    ['keys', 'create', '--email', 'nobody@example.com', '--label', 'l', '--scopes', 'root'],
    /No user|Invalid scope/,
  ],
  ['a bad port', ['serve', '--port', 'abc'], /Invalid --port/],
] as const) {
  test(`bad input (${name}) → one line on stderr, exit 2, no stack trace`, () => {
    const result = run([...args, '--data-dir', tempDir()]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, pattern);
    assert.equal(result.stderr.trim().split('\n').length, 1);
    assert.doesNotMatch(result.stderr, /\bat .*:\d+:\d+/);
  });
}

test('serve refuses a non-loopback host unless --allow-remote', () => {
  const result = run(['serve', '--host', '0.0.0.0', '--port', '0', '--data-dir', tempDir()]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /loopback only/);
});

test('users disable-2fa removes a lost authenticator and its backup codes', async () => {
  const dataDir = tempDir();
  run(['users', 'create', '--email', 'lost@example.com', '--password', PASSWORD, '--data-dir', dataDir]);
  // Enrol directly through the repositories, as a finished setup would leave it.
  const { createDeps } = await import('../../main/domain/create-deps.js');
  const deps = createDeps({ dataDir, log: () => {} });
  const user = deps.repos.users.byEmail('lost@example.com')!;
  deps.repos.totpDevices.replace({
    user_id: user.id,
    secret_sealed: 'sealed',
    last_step: null,
    created_at: 1,
  });
  deps.repos.backupCodes.replaceAll(user.id, ['h1', 'h2'], 1);
  deps.close();
  assert.equal(
    JSON.parse(run(['users', 'show', 'lost@example.com', '--json', '--data-dir', dataDir]).stdout)
      .is_2fa_enabled,
    true,
  );
  const result = run(['users', 'disable-2fa', 'lost@example.com', '--data-dir', dataDir]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /Two-factor authentication is off for lost@example\.com/);
  assert.equal(
    JSON.parse(run(['users', 'show', 'lost@example.com', '--json', '--data-dir', dataDir]).stdout)
      .is_2fa_enabled,
    false,
  );
  const after = createDeps({ dataDir, log: () => {} });
  assert.equal(after.repos.backupCodes.countUnused(after.repos.users.byEmail('lost@example.com')!.id), 0);
  after.close();
});
