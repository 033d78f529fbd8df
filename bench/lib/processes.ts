import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const CLI = path.join(ROOT, 'dist', 'main', 'cli.js');
const BASELINE = path.join(ROOT, 'bench', 'baseline-server.mjs');
const PROBE = pathToFileURL(path.join(ROOT, 'bench', 'probe.mjs')).href;

export interface Spawned {
  child: ChildProcess;
  /** Resolves with the URL once the process printed it (it is listening). */
  url: Promise<string>;
  /** performance.now() at spawn. */
  startedAt: number;
}

export interface SpawnOptions {
  /** Write a V8 CPU profile into this folder when the process exits. */
  cpuProfDir?: string;
  /** Preload bench/probe.mjs and open an IPC channel to ask it for event-loop and RSS figures. */
  probe?: boolean;
  env?: NodeJS.ProcessEnv;
}

function start(args: string[], options: SpawnOptions): Spawned {
  const nodeArgs = [
    ...(options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : []),
    ...(options.probe ? ['--import', PROBE] : []),
  ];
  const startedAt = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, ...args], {
    stdio: ['ignore', 'pipe', 'pipe', ...(options.probe ? (['ipc'] as const) : [])],
    env: { ...process.env, ...options.env },
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code, signal) =>
      reject(
        new Error(`${path.basename(args[0])} exited (${code ?? signal}) before listening: ${out}${err}`),
      ),
    );
  });
  url.catch(() => {});
  return { child, url, startedAt };
}

/** `node dist/main/cli.js serve --port 0 --data-dir D`: the compiled build, as users run it. */
export function spawnServe(dataDir: string, options: SpawnOptions = {}): Spawned {
  if (!existsSync(CLI))
    throw new Error('dist/main/cli.js is missing: run `npm run build:main` (or pass --build)');
  return start([CLI, 'serve', '--port', '0', '--data-dir', dataDir], options);
}

/** The raw node:http hello-world, the same kind of process. */
export function spawnBaseline(options: SpawnOptions = {}): Spawned {
  return start([BASELINE], options);
}

/** SIGTERM and wait (both servers exit cleanly, which also flushes a --cpu-prof profile). */
export function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

/** Resident set size of a process in bytes, from /proc (Linux); null elsewhere. */
export function rssOf(pid: number): { rss: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used so far, in µs, from /proc/<pid>/stat. */
export function cpuMicros(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at ")"; utime and stime are 14, 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1e6) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

/** Samples a process's RSS every `everyMs` until stopped; returns the highest value seen. */
export function sampleRss(pid: number, everyMs = 100) {
  let peak = rssOf(pid)?.rss ?? 0;
  const timer = setInterval(() => {
    const now = rssOf(pid)?.rss ?? 0;
    if (now > peak) peak = now;
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

/** Asks a process started with `probe: true` for its event-loop and RSS figures. */
export function probeReport(
  child: ChildProcess,
  type: 'report' | 'reset' = 'report',
): Promise<ProbeReport | null> {
  if (!child.send) return Promise.resolve(null);
  return new Promise((resolve) => {
    if (type === 'reset') {
      child.send({ type });
      resolve(null);
      return;
    }
    const timer = setTimeout(() => resolve(null), 5000);
    child.once('message', (message: ProbeReport) => {
      clearTimeout(timer);
      resolve(message);
    });
    child.send({ type });
  });
}

export interface ProbeReport {
  /** The server's read-cache and fast-path counters (main/domain/cache-stats.ts), when present. */
  caches?: {
    caller: { hits: number; misses: number };
    view: { hits: number; misses: number };
    fastPath: { served: number; passed: number };
  };
  rss: { start: number; peak: number; now: number };
  eventLoop: { maxMs: number; p99Ms: number; meanMs: number; longestStallMs: number };
}

/** Time from spawn until `path` first answers 200 (polling every 2 ms once the URL is known). */
export async function timeToFirst200(
  spawned: Spawned,
  paths: { path: string; headers?: Record<string, string> }[],
) {
  const base = await spawned.url;
  const times: number[] = [];
  for (const p of paths) {
    for (;;) {
      const ok = (await get(new URL(p.path, base), p.headers)) === 200;
      if (ok) break;
      await new Promise((r) => setTimeout(r, 2));
    }
    times.push(performance.now() - spawned.startedAt);
  }
  return times;
}

/** GET over node:http (no client warm-up cost to skew start-up times); the status, or 0 on error. */
export function get(url: URL, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
  });
}
