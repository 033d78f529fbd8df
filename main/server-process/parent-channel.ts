// The server process's end of the protocol (shared/server-protocol.ts). Under Electron's
// utilityProcess the channel is process.parentPort; under child_process.fork (a checkout's
// `npm start`, and the tests) it is process.send / 'message'. Headless there is no parent.
import { MainToServerSchema, type MainToServer, type ServerToMain } from '../../shared/server-protocol.js';

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

/** True when a desktop main process supervises this server (false for `userdesk serve`). */
export function hasParent(): boolean {
  return parentPort !== undefined || typeof process.send === 'function';
}

export function sendToParent(message: ServerToMain): boolean {
  if (parentPort) {
    parentPort.postMessage(message);
    return true;
  }
  if (typeof process.send === 'function' && process.connected) return process.send(message);
  return false;
}

/** Calls `handler` with each valid message from main; malformed ones are logged and dropped. */
export function onParentMessage(handler: (message: MainToServer) => void, log: (line: string) => void): void {
  const receive = (raw: unknown): void => {
    const parsed = MainToServerSchema.safeParse(raw);
    if (parsed.success) handler(parsed.data);
    else log('Ignored a malformed message from the desktop shell.');
  };
  if (parentPort) parentPort.on('message', (event) => receive(event.data));
  else process.on('message', receive);
}

/**
 * Asks the desktop app to show an OS notification (a security event: a new sign-in, a changed
 * password…). Returns false when no desktop app supervises this server, as under `userdesk serve`.
 */
export function sendNotification(title: string, body: string): boolean {
  return sendToParent({ type: 'notify', title, body });
}
