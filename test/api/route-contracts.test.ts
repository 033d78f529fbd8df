import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { routes } from '../../shared/routes/index.js';
import { createDeps } from '../../main/domain/create-deps.js';
import { createApp } from '../../main/server/app.js';
import { honoPath } from '../../main/server/route.js';
import { startTestServer, tempDir, type TestServer } from '../helpers/server.js';

/**
 * The route table in shared/routes is the one source: every contract is served by the app and
 * documented in /api/schema/, and every /api/ operation of the document comes from a contract (no
 * route added beside the table, none listed but never served).
 */
let server: TestServer;
let documented: Set<string>;
let served: Set<string>;

/** `/_preflight` is documented without its slash (as it always was), /api/ paths with one. */
const docPath = (path: string) => (path.startsWith('/api/') ? path : path.replace(/(.)\/$/, '$1'));

before(async () => {
  server = await startTestServer();
  const doc = (await server.client().get('/api/schema/')).body as { paths: Record<string, object> };
  documented = new Set(
    Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`)),
  );
  const dir = tempDir();
  const deps = createDeps({ dataDir: dir, log: () => {} });
  try {
    served = new Set(createApp(deps, { port: () => 1 }).routes.map((r) => `${r.method} ${r.path}`));
  } finally {
    deps.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
after(() => server.stop());

describe('shared/routes is the single route table', () => {
  test('the table has unique "METHOD path" keys', () => {
    const keys = Object.values(routes).map((r) => `${r.method} ${r.path}`);
    assert.equal(new Set(keys).size, keys.length);
  });

  test('every contract is served by createApp', () => {
    for (const [name, r] of Object.entries(routes)) {
      assert.ok(served.has(`${r.method.toUpperCase()} ${honoPath(r.path)}`), `${name} is not served`);
    }
  });

  test('every contract appears in /api/schema/', () => {
    for (const [name, r] of Object.entries(routes)) {
      assert.ok(documented.has(`${r.method} ${docPath(r.path)}`), `${name} is not documented`);
    }
  });

  test('every /api/ operation in /api/schema/ comes from a contract', () => {
    const fromContracts = new Set(Object.values(routes).map((r) => `${r.method} ${docPath(r.path)}`));
    const apiOps = [...documented].filter((op) => op.split(' ')[1].startsWith('/api/'));
    assert.ok(apiOps.length >= 40, `only ${apiOps.length} operations documented`);
    for (const op of apiOps) assert.ok(fromContracts.has(op), `${op} is documented but has no contract`);
  });
});
