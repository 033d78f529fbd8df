import { spawn } from 'node:child_process';
import path from 'node:path';

/**
 * `userdesk ARGS` run from source (tsx) in its own process, beside a server the test runs: what a
 * second process (the CLI) does to the same data dir. No dist/ needed.
 */
export function cliFromSource(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('main/cli.ts'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}
