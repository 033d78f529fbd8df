/**
 * Load and soak, short (issue 8 §4): mixed reads and writes from many connections against the
 * compiled server. Asserted: zero errors, zero timeouts, zero non-2xx, the server healthy after.
 * The figures (RSS start/peak/end, longest event-loop stall, latency) are printed, not asserted —
 * the full 60 s × 64 connections run is `node --import tsx bench/soak.ts`, quoted in BENCHMARKS.md.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';

test(
  '8 s of mixed load at 32 connections: no errors, every answer 2xx, server healthy',
  { timeout: 180_000 },
  async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'bench/soak.ts',
        '--duration',
        '8',
        '--connections',
        '32',
        '--users',
        '500',
        '--json',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout.trim().split('\n').at(-1)!);
    console.log(
      `soak: ${report.requests} requests, ${report.errors} errors, ${report.non2xx} non-2xx; RSS ` +
        `${report.rssMB.start}/${report.rssMB.peak}/${report.rssMB.end} MB (start/peak/end); longest stall ` +
        `${report.eventLoop.longestStallMs} ms; p99 ${report.latencyMs.p99} ms`,
    );
    assert.ok(report.requests > 0);
    assert.equal(report.errors, 0);
    assert.equal(report.timeouts, 0);
    assert.equal(report.non2xx, 0);
    assert.equal(report.healthyAfter, true);
    assert.ok(report.rssMB && report.eventLoop, 'the probe inside the server reported');
  },
);
