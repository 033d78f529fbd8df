/**
 * security.md 31: a password never needs to sit on a command line (where `ps` and the shell history
 * see it). Every command that takes one also takes `--password-stdin` (one line from standard
 * input) and asks on a terminal, without echo, when neither is given; without a terminal it says
 * so in one line and exits 2.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { STRONG_PASSWORD, uniqueEmail } from '../helpers/accounts.js';
import { startTestServer, tempDir } from '../helpers/server.js';
import { CLI, runCli } from './support/run-cli.js';

const dirs: string[] = [];
const scratch = () => {
  const dir = tempDir('userdesk-cli-pw-');
  dirs.push(dir);
  return dir;
};
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Logs in through the real server on `dataDir`: the password the CLI stored is the one given. */
async function loginStatus(dataDir: string, email: string, password: string): Promise<number> {
  const server = await startTestServer({ dataDir });
  try {
    return (await server.client().post('/api/login/', { email, password })).status;
  } finally {
    await server.stop();
  }
}

const listUsers = async (dataDir: string) =>
  JSON.parse((await runCli(['users', 'list', '--json', '--data-dir', dataDir])).stdout) as unknown[];

describe('--password-stdin (security.md 31)', () => {
  test('users create reads the password as one line from stdin; it is never echoed', async () => {
    const dataDir = scratch();
    const email = uniqueEmail('stdin');
    const created = await runCli(
      ['users', 'create', '--email', email, '--password-stdin', '--data-dir', dataDir],
      {
        input: `${STRONG_PASSWORD}\nthe second line is not part of it\n`,
      },
    );
    assert.equal(created.code, 0, created.stderr);
    assert.ok(!created.stdout.includes(STRONG_PASSWORD) && !created.stderr.includes(STRONG_PASSWORD));
    assert.equal(await loginStatus(dataDir, email, STRONG_PASSWORD), 200);
  });

  test('a CRLF line and a last line without newline both work', async () => {
    const dataDir = scratch();
    const a = uniqueEmail('crlf');
    const b = uniqueEmail('eof');
    const r1 = await runCli(['users', 'create', '--email', a, '--password-stdin', '--data-dir', dataDir], {
      input: `${STRONG_PASSWORD}\r\n`,
    });
    assert.equal(r1.code, 0, r1.stderr);
    const r2 = await runCli(['users', 'create', '--email', b, '--password-stdin', '--data-dir', dataDir], {
      input: STRONG_PASSWORD,
    });
    assert.equal(r2.code, 0, r2.stderr);
    assert.equal(await loginStatus(dataDir, a, STRONG_PASSWORD), 200);
    assert.equal(await loginStatus(dataDir, b, STRONG_PASSWORD), 200);
  });

  const refusals: [string, string[], string | undefined, RegExp][] = [
    ['no password and no terminal', [], undefined, /^userdesk: .*--password-stdin.*\n$/],
    ['an empty line on stdin', ['--password-stdin'], '\n', /^userdesk: .*empty.*\n$/i],
    ['nothing on stdin', ['--password-stdin'], '', /^userdesk: .*empty.*\n$/i],
    [
      'both --password and --password-stdin',
      ['--password', STRONG_PASSWORD, '--password-stdin'],
      `${STRONG_PASSWORD}\n`,
      /^userdesk: .*not both.*\n$/i,
    ],
  ];
  for (const [name, extra, input, message] of refusals) {
    test(`refused: ${name} → one line on stderr, exit 2, no user`, async () => {
      const dataDir = scratch();
      const r = await runCli(
        ['users', 'create', '--email', uniqueEmail('no'), ...extra, '--data-dir', dataDir],
        {
          input,
        },
      );
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
      assert.deepEqual(await listUsers(dataDir), []);
    });
  }

  test('the usage text lists --password-stdin for users create', async () => {
    const r = await runCli(['--help']);
    assert.match(r.stdout, /users create --email E \[--password-stdin\]/);
  });
});

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

describe(
  'the terminal prompt (security.md 31)',
  { skip: !hasScript && 'no `script` to make a pseudo-terminal' },
  () => {
    test('on a terminal with neither flag it asks, without echo, and stores what was typed', async () => {
      const dataDir = scratch();
      const email = uniqueEmail('tty');
      // util-linux `script` runs the CLI on a pseudo-terminal; what we write reaches it as typing.
      const command = [process.execPath, CLI, 'users', 'create', '--email', email, '--data-dir', dataDir]
        .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
        .join(' ');
      const child = spawn('script', ['-qec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
      let screen = '';
      child.stdout.on('data', (d: Buffer) => (screen += d));
      child.stderr.on('data', (d: Buffer) => (screen += d));
      const deadline = Date.now() + 30_000;
      while (!/Password: /.test(screen)) {
        assert.ok(Date.now() < deadline, `no prompt appeared: ${JSON.stringify(screen)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      child.stdin.write(`${STRONG_PASSWORD}\r`);
      const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
      child.stdin.destroy();
      assert.equal(code, 0, screen);
      assert.match(screen, /Created /);
      assert.ok(!screen.includes(STRONG_PASSWORD), `the password was echoed: ${JSON.stringify(screen)}`);
      assert.equal(await loginStatus(dataDir, email, STRONG_PASSWORD), 200);
    });
  },
);
