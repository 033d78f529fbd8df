import { getRequestListener, RequestError, type ServerType } from '@hono/node-server';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDeps } from '../domain/create-deps.js';
import type { DataKeyProvider } from '../domain/data-key.js';
import type { Clock, Config, Logger } from '../domain/deps.js';
import { closeLiveHub, onSecurityEvent, type SecurityEvent } from '../domain/live-events.js';
import { flushKeyUses } from '../domain/api-keys.js';
import { schedulePruning } from '../domain/retention.js';
import { createApp } from './app.js';
import { createFastPath } from './fast-path.js';
import { CONTENT_SECURITY_POLICY } from './middleware/security-headers.js';

export interface StartServerOptions {
  host?: string;
  port?: number;
  dataDir: string;
  dataKey?: DataKeyProvider;
  log?: Logger;
  clock?: Clock;
  config?: Partial<Config>;
  rendererDir?: string;
  /** Serve the hottest reads on node:http before Hono (fast-path.ts). Off only in tests that compare. */
  fastPath?: boolean;
  /** Security events from any process writing this database (the desktop app notifies the OS). */
  onSecurityEvent?: (event: SecurityEvent) => void;
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
    // A Host or request target the adapter cannot even parse (`Host: a:1.evil`) never reaches the
    // app's allow-list: answer it with the allow-list's own 400, headers included, not a bare 400.
    const listener = getRequestListener(app.fetch, {
      hostname: host,
      errorHandler: (e) => refusedRequest(e, deps.log),
    });
    const fast = options.fastPath === false ? null : createFastPath(deps, () => port);
    server = await new Promise<ServerType>((resolve, reject) => {
      const s = createServer((req, res) => {
        if (!fast?.(req, res)) void listener(req, res);
      });
      s.on('clientError', answerClientError);
      s.once('error', reject);
      s.listen(port, host, () => resolve(s));
    });
  } catch (error) {
    deps.close();
    throw error;
  }
  port = (server.address() as AddressInfo).port;
  // Stale throttles, dead sessions and old activity: pruned now and daily (security.md 25).
  const stopPruning = schedulePruning(deps);
  const stopSecurityEvents = options.onSecurityEvent
    ? onSecurityEvent(deps, options.onSecurityEvent)
    : () => {};
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        stopPruning();
        stopSecurityEvents();
        // Open event streams would hold close() open for ever: end them first.
        closeLiveHub(deps);
        server.close(() => {
          flushKeyUses(deps);
          deps.close();
          resolve();
        });
        // Keep-alive sockets would otherwise hold close() open for their idle timeout.
        (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      }),
  };
}

/** The answer to a request the HTTP adapter refused before the app ran, in the contract's shape. */
function refusedRequest(error: unknown, log: Logger): Response {
  const body =
    error instanceof RequestError
      ? /absolute/i.test(error.message)
        ? { type: 'invalid_request', code: 'bad_request', detail: 'Malformed request.', attr: null }
        : // "Missing/Invalid host header" or "Invalid URL": the URL is built from the Host header.
          { type: 'invalid_request', code: 'invalid_host', detail: 'Invalid Host header.', attr: null }
      : null;
  if (!body) log(`error before routing: ${(error as Error)?.stack ?? String(error)}`);
  return new Response(
    JSON.stringify(
      body ?? { type: 'server_error', code: 'error', detail: 'A server error occurred.', attr: null },
    ),
    {
      status: body ? 400 : 500,
      headers: {
        'Content-Type': 'application/json',
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        'X-Frame-Options': 'DENY',
        'Referrer-Policy': 'no-referrer',
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      },
    },
  );
}

/**
 * Requests node:http refuses while parsing (headers over 16 KiB, a malformed request line) get the
 * contract's error body too, instead of Node's bare 400/431 (Node's documented clientError hook).
 */
function answerClientError(error: NodeJS.ErrnoException, socket: import('node:stream').Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const body = JSON.stringify(
    tooLarge
      ? {
          type: 'invalid_request',
          code: 'request_header_too_large',
          detail: 'Request headers are too large.',
          attr: null,
        }
      : { type: 'invalid_request', code: 'bad_request', detail: 'Malformed request.', attr: null },
  );
  // An answer to HEAD carries no body, or the client would read it as the next response.
  const head = (error as { rawPacket?: Buffer }).rawPacket?.subarray(0, 5).toString('latin1') === 'HEAD ';
  socket.end(
    `HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\n` +
      'Content-Type: application/json\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${head ? '' : body}`,
  );
}
