import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createDeps } from '../domain/create-deps.js';
import type { DataKeyProvider } from '../domain/data-key.js';
import type { Clock, Config, Logger } from '../domain/deps.js';
import { createApp } from './app.js';

export interface StartServerOptions {
  host?: string;
  port?: number;
  dataDir: string;
  dataKey?: DataKeyProvider;
  log?: Logger;
  clock?: Clock;
  config?: Partial<Config>;
  rendererDir?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
export const isLoopback = (host: string) => LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);

/**
 * Opens the data dir and listens (127.0.0.1 by default; port 0 picks a free one). `close()` stops
 * accepting, lets requests in flight finish, then closes the database.
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const deps = createDeps(options);
  let port = options.port ?? 8765;
  const app = createApp(deps, { port: () => port, rendererDir: options.rendererDir });
  let server: ServerType;
  try {
    server = await new Promise<ServerType>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, hostname: host, port }, () => resolve(s));
      s.once('error', reject);
    });
  } catch (error) {
    deps.close();
    throw error;
  }
  port = (server.address() as AddressInfo).port;
  // Keep-alive sockets would hold close() open for their idle timeout.
  const sweeper = setInterval(() => deps.repos.sessions.deleteExpired(deps.clock.now()), 60 * 60 * 1000);
  sweeper.unref();
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(sweeper);
        server.close(() => {
          deps.close();
          resolve();
        });
        (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      }),
  };
}
