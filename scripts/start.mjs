#!/usr/bin/env node
// `npm start`: the desktop window where Electron can run; otherwise one sentence saying why, then
// the same local server headless (`userdesk serve`), which prints the URL to open in a browser.
// Arguments (e.g. `npm start -- --port 0 --data-dir /tmp/x`) go to whichever of the two runs.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const inRoot = (relative) => path.join(root, relative);
const args = process.argv.slice(2);

// The start-up decisions are TypeScript in main/startup, emitted by the build.
const needed = [
  'dist/main/cli.js',
  'dist/renderer/index.html',
  'dist/main/startup/desktop-availability.js',
  'dist/main/server-process/entry.js',
];
if (needed.some((file) => !existsSync(inRoot(file)))) {
  console.log('Building Userdesk first (npm run build)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const build = spawnSync(npm, ['run', 'build'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (build.status !== 0) {
    console.error('The build failed; see its output above.');
    process.exit(build.status ?? 1);
  }
}

const startup = (name) => import(pathToFileURL(inRoot(`dist/main/startup/${name}.js`)).href);
const { findElectronBinary, localElectronProbe } = await startup('electron-binary');
const { desktopUnavailableReason, fallbackMessage } = await startup('desktop-availability');

const binary = findElectronBinary(localElectronProbe(root));
const reason = desktopUnavailableReason({
  binary,
  platform: process.platform,
  env: process.env,
  shellBuilt:
    existsSync(inRoot('dist/main/electron/main.js')) && existsSync(inRoot('dist/main/electron/preload.cjs')),
});

if (reason) serveHeadless(reason);
else launchElectron(binary.path);

function launchElectron(executable) {
  // ELECTRON_RUN_AS_NODE would turn the binary into plain Node and ignore the app.
  // USERDESK_NODE: the desktop app runs its server process under this Node, the one `npm install`
  // built better-sqlite3 for, so a checkout never needs a native rebuild for Electron.
  const env = { ...process.env, USERDESK_NODE: process.execPath };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = run(executable, [root, ...args], env);
  child.once('error', (error) =>
    serveHeadless(`Electron could not be started (${error.code ?? error.message}).`),
  );
  child.once('exit', exitLike);
}

function serveHeadless(why) {
  console.log(fallbackMessage(why));
  const child = run(process.execPath, [inRoot('dist/main/cli.js'), 'serve', ...args], process.env);
  child.once('error', (error) => {
    console.error(`Could not start the local server: ${error.message}`);
    process.exit(1);
  });
  child.once('exit', exitLike);
}

/**
 * Spawns with inherited stdio and passes our termination signals on. On POSIX the child gets its
 * own process group, so Ctrl-C reaches it exactly once — through us — rather than twice.
 */
function run(command, commandArgs, env) {
  const child = spawn(command, commandArgs, {
    cwd: root,
    env,
    stdio: 'inherit',
    detached: process.platform !== 'win32',
  });
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward);
  child.once('exit', () => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.off(signal, forward);
  });
  // If we exit for any other reason, do not leave a server running without a parent.
  process.once('exit', () => forward('SIGTERM'));
  return child;
}

function exitLike(code, signal) {
  process.exit(code ?? (signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 1));
}
