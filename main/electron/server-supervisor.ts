// Supervises the server process: start, ready, death, restart (with a budget), clean shutdown.
// No 'electron' import: the process is created by a `spawn` function main.ts passes in.
import { ServerToMainSchema, type MainToServer, type StartMessage } from '../../shared/server-protocol.js';

/** The server process as main sees it, whether a utilityProcess or a child_process. */
export interface ServerHandle {
  readonly pid: number | undefined;
  send(message: MainToServer): void;
  kill(): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
}

export type RestartVerdict = 'allowed' | 'budget-spent' | 'fatal';

export interface SupervisorEvents {
  ready(url: string, pid: number): void;
  /**
   * The server died or could not start. `restart` says whether Restart is offered: 'allowed', or
   * not because the budget is spent, or not because the server reported a fatal start-up error
   * (a restart would fail the same way).
   */
  stopped(reason: string, restart: RestartVerdict): void;
  notify(title: string, body: string): void;
}

/** At most this many deaths within RESTART_WINDOW_MS; then restarts stop (no crash loop). */
export const MAX_DEATHS = 3;
export const RESTART_WINDOW_MS = 60_000;
const SHUTDOWN_GRACE_MS = 5_000;

export class ServerSupervisor {
  private handle: ServerHandle | null = null;
  private deaths: number[] = [];
  private lastPort: number;
  private stopping: Promise<void> | null = null;

  constructor(
    private readonly spawn: () => ServerHandle,
    private readonly start: Omit<StartMessage, 'type'>,
    private readonly events: SupervisorEvents,
    private readonly log: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.lastPort = start.port;
  }

  get pid(): number | undefined {
    return this.handle?.pid;
  }

  /** True while fewer than MAX_DEATHS happened in the last minute. */
  canRestart(): boolean {
    const since = this.now() - RESTART_WINDOW_MS;
    return this.deaths.filter((t) => t > since).length < MAX_DEATHS;
  }

  /** Starts the server process (first launch, or Restart). */
  launch(): void {
    if (this.handle || this.stopping) return;
    const handle = this.spawn();
    this.handle = handle;
    let fatalReason: string | null = null;
    let exited = false;
    handle.onMessage((raw) => {
      const parsed = ServerToMainSchema.safeParse(raw);
      if (!parsed.success) return this.log('Ignored a malformed message from the server process.');
      const message = parsed.data;
      if (message.type === 'ready') {
        // A restart prefers the port the window already knows, so its origin (and cookies) stay.
        this.lastPort = Number(new URL(message.url).port) || this.lastPort;
        this.events.ready(message.url, message.pid);
      } else if (message.type === 'fatal') {
        fatalReason = message.reason;
      } else {
        this.events.notify(message.title, message.body);
      }
    });
    handle.onExit((code, signal) => {
      if (exited) return;
      exited = true;
      if (this.handle === handle) this.handle = null;
      if (this.stopping) return;
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      const reason = fatalReason ?? `The server process ${how}.`;
      this.log(`Server process ${handle.pid} ${how}${fatalReason ? `: ${fatalReason}` : '.'}`);
      this.deaths.push(this.now());
      this.events.stopped(
        reason,
        fatalReason !== null ? 'fatal' : this.canRestart() ? 'allowed' : 'budget-spent',
      );
    });
    handle.send({ type: 'start', ...this.start, port: this.lastPort });
  }

  /** Restart after a death; refused once the restart budget is spent. */
  restart(): void {
    if (!this.canRestart()) {
      throw new Error(
        `The server stopped ${MAX_DEATHS} times within a minute; Userdesk no longer restarts it.`,
      );
    }
    this.launch();
  }

  /** Asks the server to close (WAL checkpoint, server.json removed) and waits; kills it after a grace period. */
  stop(): Promise<void> {
    this.stopping ??= new Promise<void>((resolve) => {
      const handle = this.handle;
      if (!handle) return resolve();
      const timer = setTimeout(() => {
        this.log('The server process did not stop in time; killing it.');
        handle.kill();
      }, SHUTDOWN_GRACE_MS);
      handle.onExit(() => {
        clearTimeout(timer);
        resolve();
      });
      try {
        handle.send({ type: 'shutdown' });
      } catch {
        handle.kill();
      }
    });
    return this.stopping;
  }
}
