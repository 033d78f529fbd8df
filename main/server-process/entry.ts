// The local server as its own process, supervised by the Electron main process over
// shared/server-protocol.ts: it waits for `start` (options and the data key), listens, writes
// server.json and answers `ready {url}`; `shutdown` closes it cleanly. Any failure is one `fatal`
// sentence, then exit 1. Started by child_process.fork (checkout) or utilityProcess.fork (packaged).
import {
  isNativeModuleMismatch,
  NATIVE_MODULE_NOT_REBUILT,
  type StartMessage,
} from '../../shared/server-protocol.js';
import type { DataKeyProvider } from '../domain/data-key.js';
import { startOnPreferredPort } from '../startup/port-choice.js';
import { removeServerInfoIfOurs, writeServerInfo } from '../startup/server-info.js';
import { onParentMessage, sendNotification, sendToParent } from './parent-channel.js';
import { notificationFor } from './security-notifications.js';

const log = (line: string): void => console.log(`[userdesk server] ${line}`);

let running: { close(): Promise<void> } | null = null;
let dataDir = '';
let stopping = false;

onParentMessage((message) => {
  if (message.type === 'start') {
    if (running || dataDir) return log('Ignored a second start message.');
    dataDir = message.dataDir;
    start(message).catch(fatal);
  } else {
    void shutdown();
  }
}, log);

// Main gone (crashed, killed): nobody can show this server, so it closes the database and leaves.
process.on('disconnect', () => void shutdown());
process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);

async function start(options: StartMessage): Promise<void> {
  // Imported here, not at the top, so a better-sqlite3 built for the wrong ABI becomes one
  // `fatal` sentence instead of a stack trace on a process nobody watches.
  const { startServer } = await import('../server/start.js');
  const dataKey =
    options.dataKey === null ? undefined : handedOverKey(options.dataKey, options.dataKeyDescription);
  const server = await startOnPreferredPort(
    (port) =>
      startServer({
        host: options.host,
        port,
        dataDir: options.dataDir,
        dataKey,
        log,
        // New sign-ins, 2FA off, new keys, backup codes running out: an OS notification in main.
        onSecurityEvent: (event) => {
          const { title, body } = notificationFor(event);
          sendNotification(title, body);
        },
      }),
    { host: options.host, preferred: options.port, log },
  );
  running = server;
  writeServerInfo(options.dataDir, { url: server.url, pid: process.pid });
  log(`Userdesk listening on ${server.url}`);
  sendToParent({ type: 'ready', url: server.url, pid: process.pid });
}

/** The key main unsealed with the OS keychain; the server never reads a key file in that case. */
function handedOverKey(hex: string, description: string): DataKeyProvider {
  const key = Buffer.from(hex, 'hex');
  return { description, getKey: () => Buffer.from(key) };
}

async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  const server = running;
  running = null;
  // A second Ctrl-C or a stuck socket must not keep the process alive forever.
  setTimeout(() => process.exit(0), 5000).unref();
  try {
    await server?.close();
  } catch (error) {
    log(`Error while closing: ${(error as Error).message}`);
  }
  if (dataDir) removeServerInfoIfOurs(dataDir, process.pid);
  process.exit(0);
}

function fatal(error: unknown): void {
  const reason = isNativeModuleMismatch(error)
    ? NATIVE_MODULE_NOT_REBUILT
    : `The local server could not start: ${error instanceof Error ? error.message : String(error)}`;
  console.error(`[userdesk server] ${reason}`);
  sendToParent({ type: 'fatal', reason });
  if (dataDir) removeServerInfoIfOurs(dataDir, process.pid);
  // Let the message reach main before the channel closes.
  setTimeout(() => process.exit(1), 100);
}
