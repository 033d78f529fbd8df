import { PreflightSchema } from '../auth.js';
import { route } from '../route-contract.js';

/**
 * The one JSON system route. `/_health` (plain text) and `/api/schema/` (the document generated
 * from this very table) stay plain Hono routes in main/server/routes/system.ts: neither answers a
 * JSON body a zod schema could describe usefully.
 */
export const systemRoutes = {
  preflight: route({
    method: 'get',
    path: '/_preflight/',
    access: 'public',
    tags: ['system'],
    summary: 'What the window needs before sign-in: is there an account yet, may people sign up.',
    response: PreflightSchema,
  }),
};
