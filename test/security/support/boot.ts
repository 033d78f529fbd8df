import { rmSync } from 'node:fs';
import { after } from 'node:test';
import { startTestServer, tempDir, type TestServer } from '../../helpers/server.js';
import { Fixtures } from './fixtures.js';

/**
 * One test file's servers: each `boot()` starts a real server on its own temp data dir (or the one
 * given) with fixtures on the same SQLite file; after the file's tests every server stops and the
 * dirs it made are removed.
 */
export function serverBooter(prefix: string) {
  const dirs: string[] = [];
  const open: { server: TestServer; fixtures: Fixtures }[] = [];
  after(async () => {
    for (const o of open) {
      o.fixtures.close();
      await o.server.stop();
    }
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  return async function boot(dataDir = tempDir(prefix)) {
    dirs.push(dataDir);
    const server = await startTestServer({ dataDir });
    const fixtures = new Fixtures(dataDir, server.clock, server.url);
    open.push({ server, fixtures });
    return { server, fixtures };
  };
}
