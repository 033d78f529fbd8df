import type { Db } from '../db/open.js';
import type { Repos } from '../db/repos/index.js';
import type { DataKeyProvider } from './data-key.js';

/** Milliseconds since the epoch; injected so tests can move time. */
export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests can set and advance. */
export function manualClock(
  start = Date.now(),
): Clock & { set(ms: number): void; advance(ms: number): void } {
  let now = start;
  return { now: () => now, set: (ms) => void (now = ms), advance: (ms) => void (now += ms) };
}

export interface Random {
  bytes(n: number): Buffer;
}

/** An outgoing message; the transport (SMTP, .eml files) is chosen by main/domain/mail.ts. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}
export interface Mailer {
  readonly kind: 'smtp' | 'file';
  send(message: MailMessage): Promise<void>;
}

/** Who made a request, for the activity log. */
export interface RequestContext {
  ip: string;
  userAgent: string;
}
export const NO_CONTEXT: RequestContext = { ip: '', userAgent: '' };

export interface Config {
  /** How long a login counts as recent for sensitive actions (users-api.md §2). */
  sensitiveWindowMs: number;
  /** Idle lifetime of a session. */
  sessionIdleMs: number;
  /** Absolute lifetime of a session, however active (security.md 27). */
  sessionAbsoluteMs: number;
  dataDir: string;
}
export const defaultConfig = (dataDir: string): Config => ({
  sensitiveWindowMs: 2 * 60 * 60 * 1000,
  sessionIdleMs: 14 * 24 * 60 * 60 * 1000,
  sessionAbsoluteMs: 30 * 24 * 60 * 60 * 1000,
  dataDir,
});

export type Logger = (line: string) => void;

/** Everything domain code may touch, passed explicitly (no module-level state). */
export interface Deps {
  db: Db;
  repos: Repos;
  clock: Clock;
  random: Random;
  dataKey: DataKeyProvider;
  /** The configured mail transport, or null (then email changes apply at once). Read per use:
   * a staff user may configure SMTP while the server runs. */
  mailer(): Mailer | null;
  log: Logger;
  config: Config;
}
