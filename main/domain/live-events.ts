import {
  LIVE_EVENT_KINDS,
  LIVE_MAX_STREAMS_PER_USER,
  type LiveEvent,
  type LiveEventKind,
} from '../../shared/live-events.js';
import {
  type ChangeEventRow,
  createChangeEventsRepo,
  openChangeWatcher,
  type ChangeEventsRepo,
} from '../db/repos/change-events.js';
import type { Deps } from './deps.js';
import { isActiveSession } from './live-access.js';
import { securityEventsOf, type SecurityEvent } from './security-events.js';

export type { SecurityEvent, SecurityEventType } from './security-events.js';

/** How often the poller looks at `PRAGMA data_version` while anyone listens (well inside 1 s). */
export const LIVE_POLL_MS = 100;
/** Events older than this are pruned; a reconnect after that gets `resync`. */
export const LIVE_KEEP_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60_000;
const BATCH = 1000;

/** One open stream. `send` must not throw; `close` ends the stream (the hub has let go of it). */
export interface LiveSubscriber {
  userId: number;
  sessionId: number;
  isStaff: boolean;
  send(event: LiveEvent): void;
  close(): void;
}

export type ReplayResult = { gap: true } | { gap: false; events: LiveEvent[] };

const KINDS = new Set<string>(LIVE_EVENT_KINDS);

/**
 * Rows → events, merging consecutive rows of one user, kind and operation (ten backup codes
 * generated in one transaction are one event with ten ids). The event's id is its last row's.
 */
export function toLiveEvents(rows: readonly ChangeEventRow[]): Array<LiveEvent & { userId: number }> {
  const events: Array<LiveEvent & { userId: number }> = [];
  for (const row of rows) {
    if (!KINDS.has(row.kind)) continue;
    const last = events.at(-1);
    if (last && last.userId === row.user_id && last.kind === row.kind && last.op === row.op) {
      last.id = row.id;
      if (row.row_id !== null && !last.ids.includes(row.row_id)) last.ids.push(row.row_id);
      continue;
    }
    events.push({
      id: row.id,
      userId: row.user_id,
      kind: row.kind as LiveEventKind,
      op: row.op,
      user: row.user_uuid,
      ids: row.row_id === null ? [] : [row.row_id],
      at: new Date(row.created_at).toISOString(),
    });
  }
  return events;
}

const strip = ({ userId: _userId, ...event }: LiveEvent & { userId: number }): LiveEvent => event;

/**
 * Fans the change feed out to open streams and security listeners. Polls only while someone
 * listens; one per Deps (one database), created on first use.
 */
export class LiveHub {
  private readonly repo: ChangeEventsRepo;
  private readonly streams = new Set<LiveSubscriber>();
  /** Per stream, the last id it has already been given (replay or Last-Event-ID): no duplicates. */
  private readonly floors = new WeakMap<LiveSubscriber, number>();
  private readonly securityListeners = new Set<(event: SecurityEvent) => void>();
  private timer: NodeJS.Timeout | undefined;
  private watcher: ReturnType<typeof openChangeWatcher> | undefined;
  private cursor = 0;
  private version = -1;
  private lastPrune = 0;

  constructor(
    private readonly deps: Deps,
    private readonly pollMs = LIVE_POLL_MS,
  ) {
    this.repo = createChangeEventsRepo(deps.db);
  }

  /**
   * Opens a stream for `sub`. With `lastEventId`, returns what it missed (or a gap: events were
   * pruned, refetch everything). Synchronous from replay to registration, so nothing falls between.
   * The user's oldest stream is closed when this one would exceed the per-user bound.
   */
  subscribe(sub: LiveSubscriber, lastEventId: number | undefined): ReplayResult {
    this.start();
    const mine = [...this.streams].filter((s) => s.userId === sub.userId);
    for (const old of mine.slice(0, Math.max(0, mine.length - LIVE_MAX_STREAMS_PER_USER + 1))) {
      this.unsubscribe(old);
      old.close();
    }
    this.streams.add(sub);
    this.floors.set(sub, Math.max(lastEventId ?? 0, this.cursor));
    if (lastEventId === undefined || lastEventId >= this.cursor) {
      // An id from the future: the database was restored or replaced since; refetch everything.
      const future = lastEventId !== undefined && lastEventId > this.repo.lastId();
      return future ? { gap: true } : { gap: false, events: [] };
    }
    const { min } = this.repo.bounds();
    if (min === null || lastEventId < min - 1) return { gap: true };
    const rows = sub.isStaff
      ? this.repo.after(lastEventId, BATCH)
      : this.repo.afterForUser(lastEventId, sub.userId, BATCH);
    // More missed than one batch: cheaper and simpler for the window to refetch everything.
    if (rows.length === BATCH) return { gap: true };
    const events = toLiveEvents(rows.filter((r) => r.id <= this.cursor)).map(strip);
    return { gap: false, events };
  }

  unsubscribe(sub: LiveSubscriber): void {
    this.streams.delete(sub);
    this.stopIfIdle();
  }

  /** Security events derived from the feed (new sign-in, 2FA off, key created, codes running out). */
  onSecurityEvent(listener: (event: SecurityEvent) => void): () => void {
    this.start();
    this.securityListeners.add(listener);
    return () => {
      this.securityListeners.delete(listener);
      this.stopIfIdle();
    };
  }

  streamCount(userId?: number): number {
    return [...this.streams].filter((s) => userId === undefined || s.userId === userId).length;
  }

  /** One poll: cheap when nothing changed (one PRAGMA), else read, fan out, maybe prune. */
  poll(): void {
    if (!this.watcher) return;
    const version = this.watcher.version();
    if (version === this.version) return;
    this.version = version;
    for (;;) {
      const rows = this.repo.after(this.cursor, BATCH);
      if (rows.length === 0) break;
      this.cursor = rows.at(-1)!.id;
      this.dispatch(rows);
      if (rows.length < BATCH) break;
    }
    // Wall-clock time, as the triggers stamp rows with SQLite's clock (not the injected one).
    const now = Date.now();
    if (now - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = now;
      this.repo.pruneBefore(now - LIVE_KEEP_MS);
    }
  }

  private dispatch(rows: ChangeEventRow[]): void {
    const events = toLiveEvents(rows);
    // A stream lives only as long as its session and the user's rights: re-checked on every batch
    // (a sign-out elsewhere, a deleted user or a removed staff flag ends or narrows it).
    for (const sub of [...this.streams]) {
      const access = isActiveSession(this.deps, sub.sessionId, sub.userId);
      if (!access) {
        this.unsubscribe(sub);
        sub.close();
        continue;
      }
      sub.isStaff = access.isStaff;
      const floor = this.floors.get(sub) ?? 0;
      for (const event of events) {
        if (event.id <= floor) continue;
        if (event.userId === sub.userId || sub.isStaff) sub.send(strip(event));
      }
    }
    if (this.securityListeners.size === 0) return;
    for (const event of securityEventsOf(this.deps, rows)) {
      for (const listener of this.securityListeners) {
        try {
          listener(event);
        } catch (error) {
          this.deps.log(`live: a security event listener failed: ${(error as Error).message}`);
        }
      }
    }
  }

  private start(): void {
    if (this.timer) return;
    this.watcher = openChangeWatcher(this.deps.db);
    this.version = this.watcher.version();
    this.cursor = this.repo.lastId();
    this.timer = setInterval(() => {
      try {
        this.poll();
      } catch (error) {
        this.deps.log(`live: poll failed: ${(error as Error).message}`);
      }
    }, this.pollMs);
    this.timer.unref();
  }

  private stopIfIdle(): void {
    if (this.streams.size > 0 || this.securityListeners.size > 0 || !this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.watcher?.close();
    this.watcher = undefined;
  }

  /** Ends every stream and stops polling (server shutdown). */
  close(): void {
    for (const sub of [...this.streams]) {
      this.streams.delete(sub);
      sub.close();
    }
    this.securityListeners.clear();
    this.stopIfIdle();
  }
}

// One hub per database connection, without widening Deps (other work edits it concurrently).
const hubs = new WeakMap<Deps['db'], LiveHub>();

export function liveHub(deps: Deps): LiveHub {
  let hub = hubs.get(deps.db);
  if (!hub) {
    hub = new LiveHub(deps);
    hubs.set(deps.db, hub);
  }
  return hub;
}

/**
 * Subscribes to security events on this database (the Electron entry forwards them as OS
 * notifications): `const stop = onSecurityEvent(deps, (e) => notify(e))`. Polls only while a
 * listener is attached; events come from every process writing the file.
 */
export function onSecurityEvent(deps: Deps, listener: (event: SecurityEvent) => void): () => void {
  return liveHub(deps).onSecurityEvent(listener);
}

/** Ends every open stream of this database's hub, if it has one (server shutdown). */
export function closeLiveHub(deps: Deps): void {
  hubs.get(deps.db)?.close();
}
