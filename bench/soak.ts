/**
 * Load and soak (issue 8 §4): the compiled server under mixed reads and writes from many
 * connections for a while, watched from inside (bench/probe.mjs: event-loop stalls with perf_hooks,
 * RSS) and from outside (errors, non-2xx answers, latency).
 *
 *   node --import tsx bench/soak.ts                      60 s, 64 connections, 2,000 users
 *   node --import tsx bench/soak.ts --duration 6 --connections 16 --users 300 --json --out FILE
 *
 * Every request in the mix is valid, so anything but a 2xx is a failure. No password logins in
 * the mix: each costs a 128 MiB scrypt by design (bench/run.ts measures that apart).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runLoad, type LoadRequest } from './lib/load.js';
import { get, probeReport, rssOf, spawnServe, stop } from './lib/processes.js';
import { SEED_PASSWORD, seedUsers } from './seed.js';

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string' },
    connections: { type: 'string' },
    users: { type: 'string' },
    json: { type: 'boolean' },
    out: { type: 'string' },
  },
});
const config = {
  duration: Number(flags.duration ?? 60),
  connections: Number(flags.connections ?? 64),
  users: Number(flags.users ?? 2000),
};
const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'userdesk-soak-'));
  const seed = await seedUsers({
    dataDir,
    users: config.users,
    totpEvery: 0,
    returnKeys: 64,
    pushTokensPerUser: 1,
  });
  const server = spawnServe(dataDir, { probe: true });
  try {
    const url = await server.url;
    const login = await fetch(`${url}/api/login/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: seed.staff.email, password: SEED_PASSWORD }),
    });
    await login.arrayBuffer();
    if (login.status !== 200) throw new Error(`staff login answered ${login.status}`);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');

    // Warm up (first requests compile and fill caches), then measure from a clean slate.
    await runLoad(url, { path: '/_health' }, { connections: 4, duration: 1 });
    await probeReport(server.child, 'reset');
    const rssTimeline: number[] = [];
    const sampler = setInterval(() => rssTimeline.push(rssOf(server.child.pid!)?.rss ?? 0), 1000);

    let n = 0;
    const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];
    const mix: LoadRequest = {
      path: '/_health',
      setup: (req) => {
        const user = pick(seed.sample);
        const key = { authorization: `Bearer ${user.key}` };
        const staff = { authorization: `Bearer ${seed.staff.key}` };
        const json = { 'content-type': 'application/json' };
        const i = n++ % 20;
        if (i < 7) return { ...req, method: 'GET', path: '/api/users/@me/', headers: key, body: undefined };
        if (i < 9)
          return { ...req, method: 'GET', path: `/api/users/${user.uuid}/`, headers: staff, body: undefined };
        if (i < 11) {
          const prefix = pick(seed.searchPrefixes);
          return {
            ...req,
            method: 'GET',
            path: `/api/users/?search=${prefix}`,
            headers: staff,
            body: undefined,
          };
        }
        if (i < 13) {
          return {
            ...req,
            method: 'GET',
            path: '/api/users/@me/two_factor_status/',
            headers: { cookie },
            body: undefined,
          };
        }
        if (i < 14)
          return {
            ...req,
            method: 'GET',
            path: '/api/users/@me/push_tokens/',
            headers: key,
            body: undefined,
          };
        if (i < 16) {
          const body = JSON.stringify({ first_name: `Soak ${n}` });
          return { ...req, method: 'PATCH', path: '/api/users/@me/', headers: { ...key, ...json }, body };
        }
        if (i < 19) {
          const body = JSON.stringify({ token: `soak-${n % 5000}`, platform: n % 2 ? 'ios' : 'android' });
          return {
            ...req,
            method: 'POST',
            path: '/api/users/@me/push_tokens/',
            headers: { ...key, ...json },
            body,
          };
        }
        const body = JSON.stringify({ name: `Soak ${n}` });
        return {
          ...req,
          method: 'POST',
          path: '/api/projects/@current/dashboards/',
          headers: { ...key, ...json },
          body,
        };
      },
    };
    const load = await runLoad(url, mix, { connections: config.connections, duration: config.duration });
    clearInterval(sampler);
    const during = await probeReport(server.child);
    await new Promise((r) => setTimeout(r, 2000));
    const after = await probeReport(server.child);
    const healthy = (await get(new URL('/_health', url))) === 200;

    const report = {
      command: `node --import tsx bench/soak.ts --duration ${config.duration} --connections ${config.connections} --users ${config.users}`,
      date: new Date().toISOString(),
      machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version },
      config,
      requests: load.requests,
      rps: Math.round(load.rps),
      errors: load.errors,
      timeouts: load.timeouts,
      non2xx: load.non2xx,
      latencyMs: { p50: load.p50, p99: load.p99 },
      rssMB: during && {
        start: mb(during.rss.start),
        peak: mb(during.rss.peak),
        end: mb(after?.rss.now ?? during.rss.now),
        perSecond: rssTimeline.map(mb),
      },
      eventLoop: during && {
        longestStallMs: Math.round(during.eventLoop.longestStallMs * 10) / 10,
        maxDelayMs: Math.round(during.eventLoop.maxMs * 10) / 10,
        p99DelayMs: Math.round(during.eventLoop.p99Ms * 10) / 10,
      },
      healthyAfter: healthy,
    };
    if (flags.out) writeFileSync(flags.out, `${JSON.stringify(report, null, 2)}\n`);
    if (flags.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else {
      process.stdout.write(
        [
          `soak: ${config.duration} s, ${config.connections} connections, ${config.users} users, mixed reads and writes`,
          `  ${report.requests} requests (${report.rps}/s): ${report.errors} errors, ${report.timeouts} timeouts, ${report.non2xx} non-2xx`,
          `  latency p50 ${report.latencyMs.p50} ms, p99 ${report.latencyMs.p99} ms`,
          `  RSS start ${report.rssMB?.start} MB, peak ${report.rssMB?.peak} MB, end ${report.rssMB?.end} MB`,
          `  event loop: longest stall ${report.eventLoop?.longestStallMs} ms, max delay ${report.eventLoop?.maxDelayMs} ms, p99 ${report.eventLoop?.p99DelayMs} ms`,
          `  healthy after: ${healthy}`,
        ].join('\n') + '\n',
      );
    }
  } finally {
    await stop(server.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`soak: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
