/**
 * The one contract between the Electron main process and the local server process (the server
 * runs as its own process; see architecture.md). Both sides import this module, so a message
 * shape is written once. Pure TypeScript + zod: no Node, no Electron, no DOM.
 *
 * Main → server: `start` (once, first), `shutdown`.
 * Server → main: `ready`, `fatal`, `notify`.
 *
 * The data key travels only in `start`, over the process channel: never argv, env or a file.
 */
import { z } from 'zod';

/** Everything the server needs to start. `dataKey` is 64 hex characters, or null when the
 * server should use its own key source (USERDESK_DATA_KEY or the 0600 data.key file). */
export const StartMessageSchema = z.object({
  type: z.literal('start'),
  dataDir: z.string().min(1),
  host: z.string().min(1),
  /** Preferred port; when taken, the server listens on a free one and says so in `ready`. */
  port: z.number().int().min(0).max(65535),
  dataKey: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  /** Where the data key came from, for the server's log line (never the key). */
  dataKeyDescription: z.string(),
});

/** Close the HTTP server and the database (WAL checkpoint), remove server.json, then exit 0. */
export const ShutdownMessageSchema = z.object({ type: z.literal('shutdown') });

export const MainToServerSchema = z.discriminatedUnion('type', [StartMessageSchema, ShutdownMessageSchema]);

/** The server listens; `url` is what the window loads and what server.json names. */
export const ReadyMessageSchema = z.object({
  type: z.literal('ready'),
  url: z.string().url(),
  pid: z.number(),
});

/** The server cannot run; `reason` is one sentence for the user. The process exits after it. */
export const FatalMessageSchema = z.object({ type: z.literal('fatal'), reason: z.string() });

/** A security event the user should see even with the window hidden: an OS notification. */
export const NotifyMessageSchema = z.object({
  type: z.literal('notify'),
  title: z.string().min(1).max(200),
  body: z.string().max(1000),
});

export const ServerToMainSchema = z.discriminatedUnion('type', [
  ReadyMessageSchema,
  FatalMessageSchema,
  NotifyMessageSchema,
]);

export type StartMessage = z.infer<typeof StartMessageSchema>;
export type MainToServer = z.infer<typeof MainToServerSchema>;
export type ServerToMain = z.infer<typeof ServerToMainSchema>;

/** The one sentence for a packaged app whose better-sqlite3 was built for Node, not Electron. */
export const NATIVE_MODULE_NOT_REBUILT =
  'The database module (better-sqlite3) was not built for this version of Electron; rebuild the app with npm run dist.';

/** Recognises Node's "compiled against a different Node.js version" error from a native module. */
export function isNativeModuleMismatch(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${String(error.cause ?? '')}` : String(error);
  return /NODE_MODULE_VERSION|compiled against a different Node\.js version/.test(text);
}
