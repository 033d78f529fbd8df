import { z } from 'zod';

/**
 * The live event stream (issue 15 item 1): `GET /api/users/@me/events/` answers
 * `text/event-stream`. Each change to a user's data becomes one SSE message:
 *
 *     id: 42
 *     event: change
 *     data: {"id":42,"kind":"push_tokens","op":"insert","user":"<uuid>","ids":["7"],"at":"…"}
 *
 * An event says WHAT changed (kind, row ids), never the data itself and never a secret: the window
 * refetches the screen that shows `kind`. `id` only grows; reconnecting with `Last-Event-ID`
 * replays every event after it that is still kept. When the events after that id are no longer
 * kept (pruned), the stream first sends one `event: resync` (data `{"reason":"gap"}`): refetch
 * everything. A comment line (`: ping`) is sent every 15 s so proxies and the client see a live
 * connection.
 */
export const LIVE_EVENT_KINDS = [
  /** The users row: profile, personalisation, email, staff flag, password changed. */
  'user',
  'push_tokens',
  'api_keys',
  /** Sign-ins and sign-outs (not every request's last-activity bump). */
  'sessions',
  /** TOTP turned on or off. */
  'two_factor',
  /** Backup codes generated or used. */
  'backup_codes',
  /** A pending email change created, retried or finished. */
  'email_change',
  /** A new security activity event (the Activity screen). */
  'activity',
  /** Organization memberships. */
  'memberships',
  'passkeys',
] as const;
export type LiveEventKind = (typeof LIVE_EVENT_KINDS)[number];

export const LIVE_EVENT_OPS = ['insert', 'update', 'delete'] as const;

export const LiveEventSchema = z
  .object({
    /** The SSE `id:`; increases with each change. */
    id: z.number().int(),
    kind: z.enum(LIVE_EVENT_KINDS),
    op: z.enum(LIVE_EVENT_OPS),
    /** uuid of the user whose data changed (staff also receive other users' events). */
    user: z.string(),
    /** Ids of the changed rows as the API names them (push token id, key id, session id, …); may be empty. */
    ids: z.array(z.string()),
    at: z.string().meta({ format: 'date-time' }),
  })
  .meta({ id: 'LiveEvent' });
export type LiveEvent = z.infer<typeof LiveEventSchema>;

/** `event: resync`: events were missed and are gone; refetch everything shown. */
export const LiveResyncSchema = z.object({ reason: z.enum(['gap']) }).meta({ id: 'LiveResync' });
export type LiveResync = z.infer<typeof LiveResyncSchema>;

/** SSE event names used on the stream. */
export const LIVE_SSE_EVENTS = { change: 'change', resync: 'resync' } as const;

/** At most this many open streams per user; opening one more closes the oldest. */
export const LIVE_MAX_STREAMS_PER_USER = 5;
