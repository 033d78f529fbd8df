import { randomBytes } from 'node:crypto';
import { openDatabase } from '../db/open.js';
import { createRepos } from '../db/repos/index.js';
import {
  DATA_KEY_FILE,
  fileDataKeyProvider,
  SEALED_DATA_KEY_FILE,
  type DataKeyProvider,
} from './data-key.js';
import { type Clock, type Config, defaultConfig, type Deps, type Logger, systemClock } from './deps.js';
import { createMailerSource } from './mail.js';

export interface DepsOptions {
  dataDir: string;
  clock?: Clock;
  dataKey?: DataKeyProvider;
  log?: Logger;
  config?: Partial<Config>;
}

/** Opens the database in `dataDir` and builds everything the domain and server need. */
export function createDeps(options: DepsOptions): Deps & { close(): void } {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  // The key files are checked with the database (security.md 24): a server may run for weeks
  // without reading the key, so a loose data.key is repaired at start, not on first use.
  const db = openDatabase(options.dataDir, undefined, {
    log,
    privateFiles: [DATA_KEY_FILE, SEALED_DATA_KEY_FILE, 'server.json'],
  });
  const repos = createRepos(db);
  const dataKey = options.dataKey ?? fileDataKeyProvider(options.dataDir, { onWarning: log });
  const config = { ...defaultConfig(options.dataDir), ...options.config };
  return {
    db,
    repos,
    clock: options.clock ?? systemClock,
    random: { bytes: (n) => randomBytes(n) },
    dataKey,
    mailer: createMailerSource({ settings: repos.settings, dataKey, dataDir: config.dataDir, log }),
    log,
    config,
    close: () => db.close(),
  };
}
