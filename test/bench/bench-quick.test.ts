/**
 * Keeps `npm run bench` working (issue 7): the quick mode (1k users, 1 s per run) must run end to
 * end against the compiled server and write its report. No timing is asserted here — figures
 * belong to BENCHMARKS.md — only that every case ran, answered 2xx, and every ratio was computed.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { test, after } from 'node:test';
import { tempDir } from '../helpers/server.js';

/** Temp dirs this file made, removed when it ends. */
const scratchDirs: string[] = [];
const scratch = (prefix?: string) => {
  const dir = tempDir(prefix);
  scratchDirs.push(dir);
  return dir;
};

test('bench/run.ts --quick runs every case and writes the report', { timeout: 300_000 }, async () => {
  const out = path.join(scratch('userdesk-bench-test-'), 'quick.json');
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--out', out], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  assert.equal(code, 0, stderr);
  assert.match(stdout, /targets:/);

  const report = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(report.machine.cores > 0, true);
  assert.equal(report.seed.users, 1000);
  assert.deepEqual(
    report.cases.map((c: { name: string }) => c.name),
    ['health', 'me-key', '2fa-status-session', 'push-tokens-key', 'patch-key', 'staff-search'],
  );
  // The three hot reads are answered by the node:http fast path, from warm caches (issue 13).
  for (const name of ['me-key', '2fa-status-session', 'push-tokens-key']) {
    const c = report.cases.find((x: { name: string }) => x.name === name);
    assert.ok(c.caches.fastPathServed > 0, `${name}: served by the fast path`);
    assert.ok(c.caches.callerHitRate > 0 && c.caches.viewHitRate > 0, `${name}: cache hits reported`);
  }
  for (const c of report.cases) {
    assert.ok(c.rps > 0, `${c.name} served requests`);
    assert.equal(c.errors, 0, `${c.name}: no socket errors or timeouts`);
    assert.equal(c.non2xx, 0, `${c.name}: every answer 2xx`);
    assert.ok(
      Number.isFinite(c.rpsRatio) && Number.isFinite(c.latency.p99Ratio),
      `${c.name}: ratios computed`,
    );
  }
  assert.ok(report.coldStart.meMs > 0 && report.coldStart.bareNodeMs > 0);
  assert.ok(report.slowPaths.passwordLoginMs > 0 && report.slowPaths.backupCodeLoginStepMs > 0);
  assert.equal(report.targets.length, 8);
  console.log(stdout);
});

// Last, so it runs after the hooks above have stopped their servers.
after(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});
