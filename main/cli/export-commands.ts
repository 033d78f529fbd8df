import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createDeps } from '../domain/create-deps.js';
import { allUsersCsv, exportAllUsers, exportMyData } from '../domain/data-export.js';
import { UsageError } from './usage.js';

type Flags = Record<string, string | boolean | undefined>;

/**
 * `userdesk export …`: the same exports as the API (issue 15 item 3), straight on the database.
 * Printed to stdout, or written to --out as a new file readable by its owner only (it is personal
 * data); an existing file is replaced only with --force.
 */
export function runExportCommand(dataDir: string, flags: Flags): void {
  const email = typeof flags.email === 'string' ? flags.email : undefined;
  const all = flags.all === true;
  if (all === (email !== undefined)) throw new UsageError('Pass either --email E or --all.');
  const format = typeof flags.format === 'string' ? flags.format : 'json';
  if (format !== 'json' && format !== 'csv') throw new UsageError(`Invalid --format ${format}: json or csv.`);
  if (format === 'csv' && !all) throw new UsageError('--format csv is for --all; one user exports as JSON.');

  const deps = createDeps({ dataDir, log: () => {} });
  let text: string;
  try {
    if (all) {
      const data = exportAllUsers(deps);
      text = format === 'csv' ? allUsersCsv(data) : `${JSON.stringify(data, null, 2)}\n`;
    } else {
      const user = deps.repos.users.byEmail(email!);
      if (!user) throw new UsageError(`No user ${email}.`);
      text = `${JSON.stringify(exportMyData(deps, user), null, 2)}\n`;
    }
  } finally {
    deps.close();
  }
  if (typeof flags.out !== 'string') {
    process.stdout.write(text);
    return;
  }
  const out = path.resolve(flags.out);
  try {
    writeFileSync(out, text, { mode: 0o600, flag: flags.force === true ? 'w' : 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new UsageError(`${out} exists; pass --force to replace it.`);
    }
    throw error;
  }
  process.stderr.write(`Wrote ${out}.\n`);
}
