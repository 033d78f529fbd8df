// Starts the real dist/main/electron/main.js under Node with the Electron stand-in, and talks to
// the stand-in over the process's IPC channel.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const MAIN = path.join(ROOT, 'dist/main/electron/main.js');
const REGISTER = fileURLToPath(new URL('./register.mjs', import.meta.url));

export interface StandInState {
  notifications: { title: string; body: string }[];
  focusCount: number;
  serverPids: number[];
  hookReports: { opened: string[]; argv: string[]; env: Record<string, string> }[];
  errorBoxes: { title: string; message: string }[];
  /** Every URL main asked a window to load, in order. */
  loads: string[];
  sentToServer: { type: string; dataKey?: string | null }[];
  windows: number;
  shown: boolean;
  url: string;
  text: string;
}

export interface RunningMain {
  child: ChildProcess;
  output(): string;
  call<T = unknown>(command: string, extra?: Record<string, unknown>): Promise<T>;
  state(): Promise<StandInState>;
  /** Polls the stand-in's state until `check` holds (or throws with the last state). */
  waitFor(check: (state: StandInState) => boolean, what: string, timeoutMs?: number): Promise<StandInState>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function launchMain(dataDir: string, env: NodeJS.ProcessEnv = {}, port = 0): RunningMain {
  const child = fork(MAIN, ['--data-dir', dataDir, '--port', String(port)], {
    cwd: ROOT,
    execArgv: ['--import', REGISTER],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let nextId = 0;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  child.on('message', (raw) => {
    const message = raw as { id: number; result?: unknown; error?: string };
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error) waiter.reject(new Error(message.error));
    else waiter.resolve(message.result);
  });
  const call = <T>(command: string, extra: Record<string, unknown> = {}): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ standIn: command, id, ...extra });
    });
  const state = () => call<StandInState>('state');
  const waitFor = async (check: (s: StandInState) => boolean, what: string, timeoutMs = 90_000) => {
    const deadline = Date.now() + timeoutMs;
    let last: StandInState | undefined;
    while (Date.now() < deadline) {
      last = await state();
      if (check(last)) return last;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(
      `Timed out waiting for ${what}. Last state: ${JSON.stringify({ ...last, hookReports: undefined })}\nOutput:\n${output}`,
    );
  };
  return { child, output: () => output, call, state, waitFor, exited };
}

/** True while a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
