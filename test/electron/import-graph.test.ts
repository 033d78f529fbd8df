// The Electron main process must never load better-sqlite3 or the server: a native module built
// for Node's ABI cannot load in Electron, and the server's synchronous work would stall the UI
// thread. esbuild follows every static and literal dynamic import of the built main.js.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));
const entry = path.join(root, 'dist/main/electron/main.js');

test(
  'the import graph of dist/main/electron/main.js holds no better-sqlite3 and no server/domain/db module',
  { skip: existsSync(entry) ? false : 'dist/main/electron/main.js is missing: run npm run build first' },
  async () => {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      logLevel: 'silent',
      // Packages stay external but are still listed as imports, so better-sqlite3 would show up.
      packages: 'external',
    });
    const inputs = Object.keys(result.metafile.inputs).map((file) => path.relative(root, path.resolve(file)));
    assert.ok(inputs.includes('dist/main/electron/main.js'), `walked from main.js: ${inputs.join(', ')}`);
    const forbiddenFiles = inputs.filter((file) => /^dist\/main\/(server|domain|db)\//.test(file));
    assert.deepEqual(forbiddenFiles, [], 'main must not import the server, domain or database code');
    const packages = Object.values(result.metafile.inputs).flatMap((input) =>
      input.imports.filter((i) => i.external).map((i) => i.path),
    );
    assert.ok(packages.includes('electron'), 'the walk sees package imports');
    assert.deepEqual(
      packages.filter((name) => /better-sqlite3|^hono|@hono\//.test(name)),
      [],
      'no database or HTTP server package in the main process',
    );
    // A dynamic import with a computed specifier would escape the walk above.
    for (const file of inputs) {
      const source = readFileSync(path.join(root, file), 'utf8');
      assert.doesNotMatch(source, /\bimport\(\s*[^'"\s]/, `${file} has a computed dynamic import`);
    }
  },
);
