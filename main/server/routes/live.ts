import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { ApiError, Messages, permissionDenied } from '../../../shared/errors.js';
import { LIVE_SSE_EVENTS, type LiveEvent } from '../../../shared/live-events.js';
import { liveRoutes } from '../../../shared/routes/live.js';
import { liveHub, type LiveSubscriber } from '../../domain/live-events.js';
import { requireAccessNow, sessionCallerOf } from '../access.js';
import type { AppEnv } from '../env.js';
import { ownOrigins } from '../middleware/host-allow-list.js';
import { honoPath, openApiOperation } from '../route.js';
import { parseOrThrow } from '../validation.js';

const contract = liveRoutes.userEvents;
const PING_MS = 15_000;
/** Browsers reconnect after this long when the stream drops. */
const RETRY_MS = 1000;

/**
 * GET /api/users/@me/events/ — served with a plain Hono route, not `implement`, because its
 * answer is a stream (text/event-stream) that stays open, not one JSON value: `implement` would
 * serialise the handler's result as JSON and document application/json. The access rules are the
 * same, in the same order, and the operation in /api/schema/ is generated from the same contract
 * with its content type corrected.
 */
export function registerLiveRoutes(app: OpenAPIHono<AppEnv>): void {
  const operation = openApiOperation(contract);
  operation.responses[200] = {
    description:
      'An event stream. Each message: `id: <n>`, `event: change`, `data: <LiveEvent JSON>`; ' +
      'or `event: resync` (data `{"reason":"gap"}`) when missed events are no longer kept.',
    content: { 'text/event-stream': { schema: contract.response } },
  };
  app.openAPIRegistry.registerPath(operation);

  app.get(honoPath(contract.path), (c) => {
    requireAccessNow(c, contract.access, false);
    const { uuid } = parseOrThrow(contract.params, c.req.param());
    const caller = sessionCallerOf(c);
    // A stream is the caller's own, even for staff (staff streams already carry every user).
    if (uuid !== '@me' && uuid.toLowerCase() !== caller.user.uuid) throw permissionDenied(Messages.meOnly);
    refuseForeignOrigin(c);
    return openStream(c, caller.user.id, caller.session.id, caller.user.is_staff === 1);
  });
}

/**
 * A stream is a read, but a long-lived one that reveals activity: like unsafe methods, it is
 * refused to another site's page (defence in depth next to SameSite cookies and no CORS).
 */
function refuseForeignOrigin(c: Context<AppEnv>): void {
  // The Host allow-list has already checked Host, so its port is this server's.
  const port = Number(new URL(`http://${c.req.header('host') ?? 'localhost'}`).port || 80);
  const origin = c.req.header('origin');
  const site = c.req.header('sec-fetch-site');
  if ((origin !== undefined && !ownOrigins(port).has(origin.toLowerCase())) || site === 'cross-site') {
    throw new ApiError(403, 'authentication_error', 'cross_site_request', Messages.originRefused);
  }
}

function lastEventIdOf(c: Context<AppEnv>): number | undefined {
  const raw = c.req.header('last-event-id')?.trim();
  // Anything but a plain id (the server's own) is ignored: the stream starts from now.
  return raw && /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
}

function openStream(c: Context<AppEnv>, userId: number, sessionId: number, isStaff: boolean): Response {
  const hub = liveHub(c.get('deps'));
  const lastEventId = lastEventIdOf(c);
  return streamSSE(c, async (stream) => {
    let closed = false;
    let finish: () => void = () => {};
    const done = new Promise<void>((resolve) => (finish = resolve));
    // Writes are queued in order; a failed write (client gone) ends the stream.
    let queue = Promise.resolve();
    const enqueue = (send: () => Promise<unknown>) => {
      queue = queue
        .then(() => (closed ? undefined : send()))
        .then(
          () => undefined,
          () => end(),
        );
    };
    const write = (message: { event: string; data: string; id?: string }) =>
      enqueue(() => stream.writeSSE(message));
    const sendEvent = (event: LiveEvent) =>
      write({ event: LIVE_SSE_EVENTS.change, id: String(event.id), data: JSON.stringify(event) });
    const sub: LiveSubscriber = {
      userId,
      sessionId,
      isStaff,
      send: sendEvent,
      close: () => end(),
    };
    const ping = setInterval(() => enqueue(() => stream.write(': ping\n\n')), PING_MS);
    function end(): void {
      if (closed) return;
      closed = true;
      clearInterval(ping);
      hub.unsubscribe(sub);
      finish();
    }
    stream.onAbort(end);
    c.req.raw.signal?.addEventListener('abort', end);

    // Subscribed before the first await, so no change slips between the request and the stream.
    const replay = hub.subscribe(sub, lastEventId);
    // `retry` first, with an opening comment so clients see the stream is open at once.
    enqueue(() => stream.write(`retry: ${RETRY_MS}\n: open\n\n`));

    if (replay.gap) write({ event: LIVE_SSE_EVENTS.resync, data: JSON.stringify({ reason: 'gap' }) });
    else for (const event of replay.events) sendEvent(event);
    await done;
    await queue;
  });
}
