import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isLoopback, startServer } from '../server/start.js';
import { UsageError } from './usage.js';

export interface ServeOptions {
  dataDir: string;
  host: string;
  port: number;
  allowRemote: boolean;
  json: boolean;
}

/**
 * `userdesk serve`: listens on loopback (security.md 18), prints one line with the URL, and
 * writes <data-dir>/server.json {url, pid} so other tools find the port; removed on exit.
 */
export async function serve(options: ServeOptions): Promise<void> {
  if (!isLoopback(options.host) && !options.allowRemote) {
    throw new UsageError(
      `Refusing to listen on ${options.host}: Userdesk serves loopback only (pass --allow-remote to override).`,
    );
  }
  const server = await startServer({ host: options.host, port: options.port, dataDir: options.dataDir });
  const infoFile = path.join(options.dataDir, 'server.json');
  writeFileSync(infoFile, `${JSON.stringify({ url: server.url, pid: process.pid })}\n`, { mode: 0o600 });
  chmodSync(infoFile, 0o600); // the mode above applies only when the file is new
  process.stdout.write(
    options.json
      ? `${JSON.stringify({ url: server.url, pid: process.pid })}\n`
      : `Userdesk listening on ${server.url}\n`,
  );
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    rmSync(infoFile, { force: true });
    const timer = setTimeout(() => process.exit(0), 5000);
    timer.unref();
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}
