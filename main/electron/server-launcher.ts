// Creates the server process. From a checkout, scripts/start.mjs sets USERDESK_NODE to the Node
// that runs `npm start`, so the server loads the better-sqlite3 that `npm install` built for that
// Node (no rebuild for Electron, ever, on a development machine). Packaged, there is no such Node:
// the server runs in an Electron utilityProcess, against the better-sqlite3 electron-builder rebuilt.
import type { UtilityProcess } from 'electron';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServerHandle } from './server-supervisor.js';

export const SERVER_ENTRY = fileURLToPath(new URL('../server-process/entry.js', import.meta.url));

type ForkUtility = (modulePath: string, args?: string[], options?: Electron.ForkOptions) => UtilityProcess;

export function launchServerProcess(forkUtility: ForkUtility, env: NodeJS.ProcessEnv): ServerHandle {
  const node = env.USERDESK_NODE;
  // The data key is never in env or argv: only in the `start` message.
  const childEnv = { ...env };
  delete childEnv.ELECTRON_RUN_AS_NODE;
  if (node) {
    const child = fork(SERVER_ENTRY, [], {
      execPath: node,
      execArgv: [],
      env: childEnv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return {
      get pid() {
        return child.pid;
      },
      send: (message) => {
        if (child.connected) child.send(message);
      },
      kill: () => child.kill('SIGKILL'),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.on('exit', (code, signal) => listener(code, signal)),
    };
  }
  const child = forkUtility(SERVER_ENTRY, [], {
    serviceName: 'Userdesk server',
    stdio: 'inherit',
    env: childEnv,
  });
  return {
    get pid() {
      return child.pid;
    },
    send: (message) => child.postMessage(message),
    kill: () => void child.kill(),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', (code) => listener(code, null)),
  };
}
