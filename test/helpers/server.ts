import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { manualClock } from '../../main/domain/deps.js';
import { startServer, type RunningServer, type StartServerOptions } from '../../main/server/start.js';
import { HttpClient } from './http-client.js';

export interface TestServer extends RunningServer {
  dataDir: string;
  /** The server's clock: tests move time with it (TOTP windows, expiry, throttles). */
  clock: ReturnType<typeof manualClock>;
  /** A new cookie-keeping client for this server. */
  client(): HttpClient;
  /** Log lines the server wrote (errors land here; tests can assert none). */
  logs: string[];
  stop(): Promise<void>;
}

export function tempDir(prefix = 'userdesk-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A real server on 127.0.0.1:0 over a real SQLite file in a temp dir, with a controllable clock. */
export async function startTestServer(
  options: Pick<StartServerOptions, 'config' | 'onSecurityEvent'> & { dataDir?: string } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDir();
  const clock = manualClock(Date.UTC(2026, 0, 15, 12, 0, 0));
  const logs: string[] = [];
  const server = await startServer({
    port: 0,
    dataDir,
    clock,
    log: (l) => logs.push(l),
    config: options.config,
    onSecurityEvent: options.onSecurityEvent,
  });
  return {
    ...server,
    dataDir,
    clock,
    logs,
    client: () => new HttpClient(server.url),
    async stop() {
      await server.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
