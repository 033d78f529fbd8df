import { randomBytes } from 'node:crypto';
import { openDatabase } from '../db/open.js';
import { createRepos } from '../db/repos/index.js';
import { fileDataKeyProvider, type DataKeyProvider } from './data-key.js';
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
  const db = openDatabase(options.dataDir);
  const repos = createRepos(db);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const config = { ...defaultConfig(options.dataDir), ...options.config };
  return {
    db,
    repos,
    clock: options.clock ?? systemClock,
    random: { bytes: (n) => randomBytes(n) },
    dataKey: options.dataKey ?? fileDataKeyProvider(options.dataDir),
    mailer: createMailerSource(repos.settings, config.dataDir, log),
    log,
    config,
    close: () => db.close(),
  };
}
