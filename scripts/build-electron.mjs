#!/usr/bin/env node
// Builds the Electron shell into dist/main/electron (main.js, preload.cjs, the status page…).
// tsc emits every file the shell imports, server and domain included; those belong to
// tsconfig.main.json's build, so this script compiles into a scratch directory and copies only
// main/electron across — two builds never write the same output file.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const scratch = mkdtempSync(path.join(tmpdir(), 'userdesk-electron-build-'));

try {
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.electron.json', '--outDir', scratch], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  const target = path.join(root, 'dist/main/electron');
  rmSync(target, { recursive: true, force: true });
  cpSync(path.join(scratch, 'main/electron'), target, { recursive: true });
  // The status page ("Starting…", "The local server stopped") is static: copied as is.
  for (const file of ['status-page.html', 'status-page.js']) {
    cpSync(path.join(root, 'main/electron', file), path.join(target, file));
  }
  console.log('Built the Electron shell into dist/main/electron.');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
