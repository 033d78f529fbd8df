import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Where the Electron executable is, or one plain sentence saying why there is none. */
export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };

/** What the lookup reads; injectable so tests need no real `electron` package. */
export interface ElectronBinaryProbe {
  /** Directory of the installed `electron` npm package, or null when it is not installed. */
  packageDir: string | null;
  env: NodeJS.ProcessEnv;
  exists(file: string): boolean;
  readText(file: string): string;
}

/**
 * Finds the Electron executable the way `electron`'s own index.js does (path.txt, then dist/),
 * but never downloads: that index.js spawns a download when the binary is missing, which hangs
 * and then throws on machines without internet.
 */
export function findElectronBinary(probe: ElectronBinaryProbe): ElectronBinary {
  const pathFile = probe.packageDir === null ? null : path.join(probe.packageDir, 'path.txt');
  const relative = pathFile !== null && probe.exists(pathFile) ? probe.readText(pathFile).trim() : '';
  const override = probe.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = path.join(override, relative || 'electron');
    return probe.exists(candidate)
      ? { found: true, path: candidate }
      : { found: false, reason: `ELECTRON_OVERRIDE_DIST_PATH names no Electron binary (${candidate}).` };
  }
  if (probe.packageDir === null) {
    return { found: false, reason: 'The electron package is not installed.' };
  }
  if (!relative) {
    return {
      found: false,
      reason: "Electron's binary was never downloaded (node_modules/electron/path.txt is missing).",
    };
  }
  const candidate = path.join(probe.packageDir, 'dist', relative);
  return probe.exists(candidate)
    ? { found: true, path: candidate }
    : { found: false, reason: `Electron's binary is missing (${candidate} does not exist).` };
}

/** The probe for this machine: resolves the `electron` package next to `fromDir` without loading it. */
export function localElectronProbe(
  fromDir: string,
  env: NodeJS.ProcessEnv = process.env,
): ElectronBinaryProbe {
  let packageDir: string | null;
  try {
    // Resolving package.json reads metadata only; requiring 'electron' itself would start a download.
    packageDir = path.dirname(createRequire(path.join(fromDir, 'noop.js')).resolve('electron/package.json'));
  } catch {
    packageDir = null;
  }
  return { packageDir, env, exists: existsSync, readText: (file) => readFileSync(file, 'utf8') };
}
