/**
 * `npm run bench` (issue 7): the compiled server on a seeded temp data dir, measured side by side
 * with the physical limit of this stack — a raw node:http hello-world in the same kind of process.
 *
 *   npm run bench                          100k users, 10 s per run, 3 alternations per case
 *   npm run bench -- --quick               1k users, 1 s per run, 1 alternation (npm test uses it)
 *   npm run bench -- --cpu-prof [--case me-key]   also profile the server under each case's load
 *   options: --users N --duration S --connections N --latency-connections N --rounds N
 *            --cold-runs N --case NAME (repeatable) --build --out FILE --keep-data
 *
 * Ratios are taken within one alternation (baseline run, then the case run, same connections and
 * duration) and the median over alternations is reported: these machines are noisy, a ratio
 * measured back to back is far steadier than two absolute figures.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { hashBackupCode, verifyBackupCode } from '../main/domain/backup-codes.js';
import { runLoad, type LoadRequest, type LoadResult } from './lib/load.js';
import type { ChildProcess } from 'node:child_process';
import {
  CLI,
  cpuMicros,
  probeReport,
  ROOT,
  rssOf,
  sampleRss,
  spawnBaseline,
  spawnServe,
  stop,
  timeToFirst200,
  type Spawned,
} from './lib/processes.js';
import { topSelfTime } from './lib/profile.js';
import { SEED_BACKUP_CODE, SEED_PASSWORD, seedUsers, type SeedResult } from './seed.js';

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    users: { type: 'string' },
    duration: { type: 'string' },
    connections: { type: 'string' },
    'latency-connections': { type: 'string' },
    rounds: { type: 'string' },
    'cold-runs': { type: 'string' },
    case: { type: 'string', multiple: true },
    'cpu-prof': { type: 'boolean' },
    build: { type: 'boolean' },
    out: { type: 'string' },
    'keep-data': { type: 'boolean' },
  },
});
const quick = flags.quick === true;
const num = (v: string | undefined, fallback: number) => (v === undefined ? fallback : Number(v));
const config = {
  users: num(flags.users, quick ? 1_000 : 100_000),
  duration: num(flags.duration, quick ? 1 : 10),
  connections: num(flags.connections, 32),
  latencyConnections: num(flags['latency-connections'], 8),
  rounds: num(flags.rounds, quick ? 1 : 3),
  coldRuns: num(flags['cold-runs'], quick ? 2 : 5),
};
const out = path.resolve(
  flags.out ??
    (quick
      ? path.join(os.tmpdir(), 'userdesk-bench-quick.json')
      : path.join(ROOT, 'bench/results/latest.json')),
);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const log = (line: string) => process.stderr.write(`${line}\n`);

function build() {
  for (const script of ['build:main', ...(flags.build ? ['build:renderer'] : [])]) {
    log(`bench: npm run ${script}`);
    const r = spawnSync('npm', ['run', '--silent', script], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`npm run ${script} failed`);
  }
}

/** POSTs JSON and returns the status and the cookies it set (for the session cases). */
async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
  return { status: res.status, cookies };
}

async function coldStart(dataDir: string, key: string) {
  const serveHealth: number[] = [];
  const serveMe: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < config.coldRuns; i++) {
    const baseline = spawnBaseline();
    bare.push((await timeToFirst200(baseline, [{ path: '/' }]))[0]);
    await stop(baseline.child);
    const serve = spawnServe(dataDir);
    const [health, me] = await timeToFirst200(serve, [
      { path: '/_health' },
      { path: '/api/users/@me/', headers: { authorization: `Bearer ${key}` } },
    ]);
    serveHealth.push(health);
    serveMe.push(me);
    await stop(serve.child);
  }
  return {
    bareNodeMs: round(median(bare), 1),
    healthMs: round(median(serveHealth), 1),
    meMs: round(median(serveMe), 1),
    ratio: round(median(serveMe) / median(bare)),
    runs: {
      bare: bare.map((x) => round(x, 1)),
      health: serveHealth.map((x) => round(x, 1)),
      me: serveMe.map((x) => round(x, 1)),
    },
  };
}

interface CaseDef {
  name: string;
  title: string;
  request: LoadRequest;
}

function cases(seed: SeedResult, sessionCookie: string): CaseDef[] {
  const member = seed.sample[0];
  const writer = seed.sample[1] ?? member;
  let n = 0;
  let p = 0;
  const prefixes = seed.searchPrefixes.length ? seed.searchPrefixes : ['a'];
  return [
    { name: 'health', title: 'GET /_health', request: { path: '/_health' } },
    {
      name: 'me-key',
      title: 'GET /api/users/@me/ (key)',
      request: { path: '/api/users/@me/', headers: { authorization: `Bearer ${member.key}` } },
    },
    {
      name: '2fa-status-session',
      title: 'GET …/@me/two_factor_status/ (session)',
      request: { path: '/api/users/@me/two_factor_status/', headers: { cookie: sessionCookie } },
    },
    {
      name: 'push-tokens-key',
      title: 'GET …/@me/push_tokens/ (key)',
      request: { path: '/api/users/@me/push_tokens/', headers: { authorization: `Bearer ${member.key}` } },
    },
    {
      name: 'patch-key',
      title: 'PATCH /api/users/@me/ (key, a write)',
      request: {
        method: 'PATCH',
        path: '/api/users/@me/',
        headers: { authorization: `Bearer ${writer.key}`, 'content-type': 'application/json' },
        body: '{"first_name":"Bench"}',
        setup: (req) => ({ ...req, body: JSON.stringify({ first_name: `Bench ${n++ % 1000}` }) }),
      },
    },
    {
      name: 'staff-search',
      title: `GET /api/users/?search= (staff, ${seed.users} users)`,
      request: {
        path: `/api/users/?search=${prefixes[0]}`,
        headers: { authorization: `Bearer ${seed.staff.key}` },
        setup: (req) => ({ ...req, path: `/api/users/?search=${prefixes[p++ % prefixes.length]}` }),
      },
    },
  ];
}

interface CaseResult {
  name: string;
  title: string;
  /** Medians over the alternations, at `connections`. */
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** Median of (case req/s ÷ baseline req/s) at `connections`. */
  rpsRatio: number;
  /** At `latencyConnections`: medians, and the median of (case p99 ÷ baseline p99). */
  latency: { p50: number; p99: number; p99Ratio: number; baselineP99: number };
  rounds: { throughput: [LoadResult, LoadResult]; latency: [LoadResult, LoadResult] }[];
  /** Server CPU (user + system) per request in the 32-connection runs, µs: baseline and case, medians. */
  cpuMicrosPerRequest: { baseline: number | null; case: number | null };
  /** Read-cache hit rates and fast-path answers during this case's runs (from the server's counters). */
  caches?: { callerHitRate: number | null; viewHitRate: number | null; fastPathServed: number };
  /** The server's RSS peak during this case's runs (MB): which load pushes memory. */
  rssPeakMB: number;
  profile?: ReturnType<typeof topSelfTime>;
}

/** Runs a load and the CPU the serving process spent on it, per request. */
async function loadWithCpu(
  pid: number,
  url: string,
  request: LoadRequest,
  options: Parameters<typeof runLoad>[2],
) {
  const before = cpuMicros(pid);
  const result = await runLoad(url, request, options);
  const after = cpuMicros(pid);
  const perRequest =
    before === null || after === null || result.requests === 0 ? null : (after - before) / result.requests;
  return { result, perRequest };
}

const hitRate = (after: { hits: number; misses: number }, before: { hits: number; misses: number }) => {
  const hits = after.hits - before.hits;
  const total = hits + after.misses - before.misses;
  return total === 0 ? null : round(hits / total, 4);
};

async function measureCase(
  def: CaseDef,
  server: { url: string; child: ChildProcess },
  baseline: { url: string; child: ChildProcess },
): Promise<CaseResult> {
  const serverUrl = server.url;
  const baselineUrl = baseline.url;
  const rounds: CaseResult['rounds'] = [];
  const cpu = { baseline: [] as number[], case: [] as number[] };
  const countersBefore = (await probeReport(server.child))?.caches;
  const rss = sampleRss(server.child.pid!);
  for (let r = 0; r < config.rounds; r++) {
    const base = await loadWithCpu(
      baseline.child.pid!,
      baselineUrl,
      { path: '/' },
      { connections: config.connections, duration: config.duration },
    );
    const tBase = base.result;
    const measured = await loadWithCpu(server.child.pid!, serverUrl, def.request, {
      connections: config.connections,
      duration: config.duration,
    });
    const tCase = measured.result;
    if (base.perRequest !== null) cpu.baseline.push(base.perRequest);
    if (measured.perRequest !== null) cpu.case.push(measured.perRequest);
    const lBase = await runLoad(
      baselineUrl,
      { path: '/' },
      { connections: config.latencyConnections, duration: config.duration, exactLatency: true },
    );
    const lCase = await runLoad(serverUrl, def.request, {
      connections: config.latencyConnections,
      duration: config.duration,
      exactLatency: true,
    });
    rounds.push({ throughput: [tBase, tCase], latency: [lBase, lCase] });
    log(
      `bench: ${def.name} round ${r + 1}/${config.rounds}: ${round(tCase.rps, 0)} req/s vs ${round(tBase.rps, 0)} ` +
        `(×${round(tCase.rps / tBase.rps)}), p99@${config.latencyConnections} ${lCase.p99} ms vs ${lBase.p99} ms, ` +
        `CPU/request ${round(measured.perRequest ?? NaN, 1)} µs vs ${round(base.perRequest ?? NaN, 1)} µs`,
    );
  }
  const rssPeakMB = round(rss.stop() / 2 ** 20, 1);
  const countersAfter = (await probeReport(server.child))?.caches;
  const t = rounds.map((r) => r.throughput[1]);
  const l = rounds.map((r) => r.latency[1]);
  return {
    name: def.name,
    title: def.title,
    rps: round(median(t.map((x) => x.rps)), 0),
    p50: median(t.map((x) => x.p50)),
    p99: median(t.map((x) => x.p99)),
    errors:
      t.reduce((a, x) => a + x.errors + x.timeouts, 0) + l.reduce((a, x) => a + x.errors + x.timeouts, 0),
    non2xx: t.reduce((a, x) => a + x.non2xx, 0) + l.reduce((a, x) => a + x.non2xx, 0),
    rpsRatio: round(median(rounds.map((r) => r.throughput[1].rps / r.throughput[0].rps))),
    latency: {
      p50: median(l.map((x) => x.p50)),
      p99: median(l.map((x) => x.p99)),
      p99Ratio: round(median(rounds.map((r) => r.latency[1].p99 / Math.max(r.latency[0].p99, 0.001)))),
      baselineP99: median(rounds.map((r) => r.latency[0].p99)),
    },
    rounds,
    cpuMicrosPerRequest: {
      baseline: cpu.baseline.length ? round(median(cpu.baseline), 1) : null,
      case: cpu.case.length ? round(median(cpu.case), 1) : null,
    },
    caches:
      countersBefore && countersAfter
        ? {
            callerHitRate: hitRate(countersAfter.caller, countersBefore.caller),
            viewHitRate: hitRate(countersAfter.view, countersBefore.view),
            fastPathServed: countersAfter.fastPath.served - countersBefore.fastPath.served,
          }
        : undefined,
    rssPeakMB,
  };
}

/** One password login and one backup-code second step, as a user pays them (median of 5). */
async function slowPaths(serverUrl: string, seed: SeedResult) {
  const logins: number[] = [];
  for (const user of seed.sample.slice(2, 7)) {
    const t = performance.now();
    const res = await post(`${serverUrl}/api/login/`, { email: user.email, password: SEED_PASSWORD });
    logins.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`login answered ${res.status}`);
  }
  const tokens: number[] = [];
  for (const user of seed.totpUsers.slice(0, 5)) {
    const first = await post(`${serverUrl}/api/login/`, { email: user.email, password: SEED_PASSWORD });
    if (first.status !== 401) throw new Error(`2FA login answered ${first.status}`);
    const cookie = first.cookies.join('; ');
    const csrf = first.cookies.find((c) => c.startsWith('csrftoken='))?.split('=')[1] ?? '';
    const t = performance.now();
    const res = await post(
      `${serverUrl}/api/login/token/`,
      { token: SEED_BACKUP_CODE },
      { cookie, 'x-csrftoken': csrf },
    );
    tokens.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`backup-code login answered ${res.status}`);
  }
  const hash = await hashBackupCode(SEED_BACKUP_CODE);
  const verifies: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await verifyBackupCode(SEED_BACKUP_CODE, hash);
    verifies.push(performance.now() - t);
  }
  return {
    passwordLoginMs: round(median(logins), 1),
    backupCodeLoginStepMs: tokens.length ? round(median(tokens), 1) : null,
    backupCodeVerifyOneHashMs: round(median(verifies), 1),
  };
}

function bundle() {
  const dir = path.join(ROOT, 'dist', 'renderer', 'assets');
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return null;
  }
  const sizes = (ext: string) =>
    files
      .filter((f) => f.endsWith(ext))
      .reduce(
        (acc, f) => {
          const bytes = readFileSync(path.join(dir, f));
          return { bytes: acc.bytes + bytes.length, gzip: acc.gzip + gzipSync(bytes).length };
        },
        { bytes: 0, gzip: 0 },
      );
  return { js: sizes('.js'), css: sizes('.css'), builtAt: statSync(dir).mtime.toISOString() };
}

async function profileCases(dataDir: string, defs: CaseDef[]) {
  const profiles: Record<string, ReturnType<typeof topSelfTime>> = {};
  for (const def of defs) {
    const dir = path.join(ROOT, 'bench', 'results', `prof-${def.name}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const server = spawnServe(dataDir, { cpuProfDir: dir });
    const url = await server.url;
    await runLoad(url, def.request, { connections: config.connections, duration: config.duration });
    await stop(server.child);
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (file) profiles[def.name] = topSelfTime(path.join(dir, file), 15);
  }
  return profiles;
}

function table(results: CaseResult[], baselineRps: number, baselineP99: number) {
  const rows = [
    [
      'case',
      'req/s',
      'p50 ms',
      'p99 ms',
      'err',
      '×baseline req/s',
      `p99@${config.latencyConnections}c ms`,
      '×baseline p99',
    ],
    [
      'baseline (node:http hello)',
      String(round(baselineRps, 0)),
      '',
      '',
      '0',
      '1.00',
      String(baselineP99),
      '1.00',
    ],
    ...results.map((r) => [
      r.title,
      String(r.rps),
      String(r.p50),
      String(r.p99),
      String(r.errors + r.non2xx),
      r.rpsRatio.toFixed(2),
      String(r.latency.p99),
      r.latency.p99Ratio.toFixed(2),
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '))
    .join('\n');
}

async function main() {
  const machine = {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${process.platform} ${os.release()}`,
    loadAverageAtStart: os.loadavg().map((x) => round(x)),
  };
  if (flags.build || !existsDist()) build();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'userdesk-bench-'));
  let server: Spawned | undefined;
  let baseline: Spawned | undefined;
  try {
    log(`bench: seeding ${config.users} users into ${dataDir}`);
    const seed = await seedUsers({
      dataDir,
      users: config.users,
      keysPerUser: 1,
      pushTokensPerUser: 2,
      totpEvery: 10,
    });
    log(
      `bench: seeded in ${round(seed.ms / 1000, 1)} s (${seed.keys} keys, ${seed.pushTokens} push tokens, ${seed.totpDevices} TOTP devices)`,
    );

    log('bench: cold start');
    const cold = await coldStart(dataDir, seed.sample[0].key);

    server = spawnServe(dataDir, { probe: true });
    baseline = spawnBaseline();
    const [serverUrl, baselineUrl] = await Promise.all([server.url, baseline.url]);
    const login = await post(`${serverUrl}/api/login/`, { email: seed.staff.email, password: SEED_PASSWORD });
    if (login.status !== 200) throw new Error(`staff login answered ${login.status}`);
    const defs = cases(seed, login.cookies.join('; ')).filter(
      (d) => !flags.case || flags.case.includes(d.name),
    );

    const rss = sampleRss(server.child.pid!);
    const results: CaseResult[] = [];
    for (const def of defs) {
      results.push(
        await measureCase(
          def,
          { url: serverUrl, child: server.child },
          { url: baselineUrl, child: baseline.child },
        ),
      );
    }
    // Sampled during the load runs only: one password login (scrypt N=2^17) briefly maps 128 MiB,
    // which the kernel's high-water mark (VmHWM) keeps forever after; reported apart below.
    const rssPeak = rss.stop();
    const slow = await slowPaths(serverUrl, seed);
    const rssHighWater = rssOf(server.child.pid!)?.peak ?? 0;
    const baselineRps = median(results.flatMap((r) => r.rounds.map((x) => x.throughput[0].rps)));
    const baselineP99 = median(results.flatMap((r) => r.rounds.map((x) => x.latency[0].p99)));
    await stop(server.child);
    await stop(baseline.child);

    if (flags['cpu-prof']) {
      log('bench: profiling the server under each case (--cpu-prof)');
      const profiles = await profileCases(dataDir, defs);
      for (const r of results) r.profile = profiles[r.name];
    }

    const files = bundle();
    const me = results.find((r) => r.name === 'me-key');
    const twoFactor = results.find((r) => r.name === '2fa-status-session');
    const pushTokens = results.find((r) => r.name === 'push-tokens-key');
    const search = results.find((r) => r.name === 'staff-search');
    const target = (
      name: string,
      value: number | null | undefined,
      limit: number,
      better: 'above' | 'below',
      unit = '',
    ) => ({
      name,
      value: value ?? null,
      target: `${better === 'above' ? '≥' : '≤'} ${limit}${unit}`,
      met:
        value === null || value === undefined ? null : better === 'above' ? value >= limit : value <= limit,
    });
    const targets = [
      target('authenticated GET @me req/s ÷ baseline (32 connections)', me?.rpsRatio, 0.5, 'above', '×'),
      target(
        'authenticated GET @me p99 ÷ baseline p99 (8 connections)',
        me?.latency.p99Ratio,
        3,
        'below',
        '×',
      ),
      target('two-factor status (session) req/s ÷ baseline', twoFactor?.rpsRatio, 0.4, 'above', '×'),
      target('push-token list (key) req/s ÷ baseline', pushTokens?.rpsRatio, 0.4, 'above', '×'),
      target(
        `cold start to first 200 on @me ÷ bare node:http (${config.users} users)`,
        cold.ratio,
        8,
        'below',
        '×',
      ),
      target(
        `staff search p50 at ${config.users} users (8 connections)`,
        search?.latency.p50,
        5,
        'below',
        ' ms',
      ),
      target('renderer JS gzipped', files ? round(files.js.gzip / 1024, 1) : null, 250, 'below', ' KB'),
      target('server RSS peak under load', round(rssPeak / 2 ** 20, 1), 150, 'below', ' MB'),
    ];
    const report = {
      command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
      date: new Date().toISOString(),
      machine: { ...machine, loadAverageAtEnd: os.loadavg().map((x) => round(x)) },
      config,
      seed: {
        users: seed.users,
        keys: seed.keys,
        pushTokens: seed.pushTokens,
        totpDevices: seed.totpDevices,
        seconds: round(seed.ms / 1000, 2),
      },
      coldStart: cold,
      baseline: { rps: round(baselineRps, 0), p99At8: baselineP99 },
      cases: results.map(({ rounds, ...rest }) => ({
        ...rest,
        rounds: rounds.map((r) => ({
          baselineRps: round(r.throughput[0].rps, 0),
          caseRps: round(r.throughput[1].rps, 0),
          baselineP99: r.latency[0].p99,
          caseP99: r.latency[1].p99,
        })),
      })),
      slowPaths: slow,
      rss: { peakMB: round(rssPeak / 2 ** 20, 1), highWaterWithLoginsMB: round(rssHighWater / 2 ** 20, 1) },
      bundle: files && {
        jsKB: round(files.js.bytes / 1024, 1),
        jsGzipKB: round(files.js.gzip / 1024, 1),
        cssKB: round(files.css.bytes / 1024, 1),
        cssGzipKB: round(files.css.gzip / 1024, 1),
      },
      targets,
    };
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);

    const lines = [
      `Userdesk bench — ${machine.cores} cores (${machine.cpu}), Node ${machine.node}, ${config.users} users`,
      `seed: ${report.seed.seconds} s for ${seed.users} users, ${seed.keys} keys, ${seed.pushTokens} push tokens, ${seed.totpDevices} TOTP devices (one transaction)`,
      `cold start (median of ${config.coldRuns}): /_health ${cold.healthMs} ms, @me ${cold.meMs} ms; bare node:http ${cold.bareNodeMs} ms (×${cold.ratio})`,
      `${config.connections} connections, ${config.duration} s per run, ${config.rounds} alternation(s) with the baseline; medians:`,
      table(results, baselineRps, baselineP99),
      `password login ${slow.passwordLoginMs} ms; backup-code login step ${slow.backupCodeLoginStepMs} ms (one scrypt verify ${slow.backupCodeVerifyOneHashMs} ms)`,
      files
        ? `renderer: JS ${report.bundle!.jsKB} KB (${report.bundle!.jsGzipKB} KB gzipped), CSS ${report.bundle!.cssKB} KB (${report.bundle!.cssGzipKB} KB gzipped)`
        : 'renderer: not built (npm run build:renderer)',
      `server RSS peak under load: ${report.rss.peakMB} MB (high-water mark including the scrypt logins: ${report.rss.highWaterWithLoginsMB} MB)`,
      'targets:',
      ...targets.map(
        (t) =>
          `  ${t.met === null ? '—' : t.met ? 'met   ' : 'MISSED'} ${t.name}: ${t.value ?? 'n/a'} (target ${t.target})`,
      ),
      'server CPU per request (32 connections, µs), RSS peak and read caches during each case:',
      ...results.map(
        (r) =>
          `  ${r.name}: ${r.cpuMicrosPerRequest.case ?? 'n/a'} µs (baseline ${r.cpuMicrosPerRequest.baseline ?? 'n/a'} µs), RSS ≤ ${r.rssPeakMB} MB` +
          (r.caches
            ? `; caller hits ${pct(r.caches.callerHitRate)}, view hits ${pct(r.caches.viewHitRate)}, fast path ${r.caches.fastPathServed} answers`
            : ''),
      ),
      ...results
        .filter((r) => r.profile)
        .flatMap((r) => [
          `profile ${r.name} (self time):`,
          ...r.profile!.slice(0, 8).map((f) => `  ${f.percent}% ${f.fn}`),
        ]),
      `written to ${path.relative(process.cwd(), out) || out}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    if (server) await stop(server.child);
    if (baseline) await stop(baseline.child);
    if (!flags['keep-data']) rmSync(dataDir, { recursive: true, force: true });
    else log(`bench: data kept in ${dataDir}`);
  }
}

const pct = (rate: number | null) => (rate === null ? 'n/a' : `${round(rate * 100, 1)} %`);

function existsDist() {
  try {
    return statSync(CLI).isFile();
  } catch {
    return false;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
