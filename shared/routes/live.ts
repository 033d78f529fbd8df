import { z } from 'zod';
import { UserPathSchema } from '../common.js';
import { route } from '../route-contract.js';

/**
 * The live event stream. Its answer is `text/event-stream`, not JSON: the server serves it with a
 * streaming handler and documents it in /api/schema/ from this contract (main/server/routes/live.ts).
 * The `response` schema is what one SSE message's `data:` holds; see shared/live-events.ts.
 */
export const liveRoutes = {
  userEvents: route({
    method: 'get',
    path: '/api/users/{uuid}/events/',
    access: 'session',
    tags: ['live'],
    summary:
      "Server-sent events (text/event-stream): one `change` event per change to the caller's data " +
      "(staff: every user's), `{id, kind, op, user, ids, at}` — never a secret. Resume with `Last-Event-ID`; " +
      'at most 5 streams per user, opening a sixth closes the oldest. `@me` only (Extension).',
    params: UserPathSchema,
    response: z.string().meta({ description: 'An SSE stream of LiveEvent messages.' }),
  }),
};
