#!/usr/bin/env node
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ApiError } from '../shared/errors.js';
import { runAdminCommand } from './cli/admin-commands.js';
import { defaultDataDir } from './cli/data-dir.js';
import { serve } from './cli/serve.js';
import { USAGE, UsageError } from './cli/usage.js';

/** `userdesk`: the headless entry point for people, tools and the Electron-less machine. */
async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        port: { type: 'string' },
        host: { type: 'string' },
        'allow-remote': { type: 'boolean' },
        email: { type: 'string' },
        password: { type: 'string' },
        'password-stdin': { type: 'boolean' },
        'value-stdin': { type: 'boolean' },
        'first-name': { type: 'string' },
        'last-name': { type: 'string' },
        staff: { type: 'boolean' },
        label: { type: 'string' },
        scopes: { type: 'string' },
        force: { type: 'boolean' },
        // `userdesk export` (main/cli/export-commands.ts)
        all: { type: 'boolean' },
        format: { type: 'string' },
        out: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) {
    process.stdout.write(`${USAGE}\n`);
    if (!values.help) process.exitCode = 2;
    return;
  }
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : defaultDataDir();
  const json = values.json === true;
  const print = (human: string, data: unknown) =>
    process.stdout.write(`${json ? JSON.stringify(data, null, 2) : human}\n`);

  if (positionals[0] === 'serve') {
    const port = values.port === undefined ? 8765 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`Invalid --port ${values.port}.`);
    await serve({
      dataDir,
      host: values.host ?? '127.0.0.1',
      port,
      allowRemote: values['allow-remote'] === true,
      json,
    });
    return;
  }
  if (positionals[0] === 'backup' || positionals[0] === 'restore') {
    const { runBackupCommand } = await import('./cli/backup-commands.js');
    await runBackupCommand(dataDir, positionals, { force: values.force === true }, print);
    return;
  }
  if (positionals[0] === 'export') {
    (await import('./cli/export-commands.js')).runExportCommand(dataDir, values);
    return;
  }
  await runAdminCommand(dataDir, positionals, values, print);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof ApiError) {
    process.stderr.write(`userdesk: ${error.message}\n`);
    process.exit(2);
  }
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'EADDRINUSE') {
    process.stderr.write('userdesk: that port is already in use; pass --port 0 for a free one.\n');
    process.exit(1);
  }
  process.stderr.write(`userdesk: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(1);
});
