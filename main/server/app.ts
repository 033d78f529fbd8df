import { OpenAPIHono } from '@hono/zod-openapi';
import type { Deps } from '../domain/deps.js';
import { relyingPartyFor } from '../domain/passkeys/relying-party.js';
import type { AppEnv } from './env.js';
import { installErrorHandling } from './errors.js';
import { authenticate } from './middleware/authenticate.js';
import { csrf } from './middleware/csrf.js';
import { hostAllowList } from './middleware/host-allow-list.js';
import { jsonBody, UNSAFE_METHODS } from './middleware/json-body.js';
import { sameOrigin } from './middleware/same-origin.js';
import { securityHeaders } from './middleware/security-headers.js';
import { registerRoutes } from './routes/index.js';
import { createStaticHandler, defaultRendererDir } from './static-files.js';

/** What Hono's '/api/*' matches. */
const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/');

export interface AppOptions {
  /** The port the server listens on, known after listen(); the Host and Origin checks need it. */
  port: () => number;
  rendererDir?: string;
}

/**
 * Composes the whole HTTP app without listening (tests and the Electron shell reuse it).
 * Middleware order matters and follows the foundation issue: Host allow-list, security headers,
 * body limit + content type (+ JSON parse), Origin checks, auth, CSRF; scopes and the
 * recently-authenticated gate are per route (see route.ts).
 */
export function createApp(deps: Deps, options: AppOptions): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ strict: false });
  // Headers first, so even the Host allow-list's 400 carries nosniff, CSP and no-store.
  app.use('*', securityHeaders);
  app.use('*', hostAllowList(options.port));
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    c.set('relyingParty', relyingPartyFor(options.port()));
    c.set('ctx', {
      ip:
        (c.env as { incoming?: { socket?: { remoteAddress?: string } } })?.incoming?.socket?.remoteAddress ??
        '',
      userAgent: c.req.header('user-agent') ?? '',
    });
    await next();
  });
  // Body parsing, the Origin check and CSRF only concern unsafe methods: mounted for those alone,
  // a GET does not pass through three middlewares that would only call next().
  app.on(UNSAFE_METHODS, '*', jsonBody);
  app.on(UNSAFE_METHODS, '*', sameOrigin(options.port));
  app.use('/api/*', authenticate);
  app.use('/_preflight/*', authenticate);
  // On '*' and not '/api/*': a method-specific '/api/*' entry would make every unknown GET under
  // /api/ look like a 405 to the not-found handler (errors.ts reads app.routes).
  app.on(UNSAFE_METHODS, '*', (c, next) => (isApiPath(c.req.path) ? csrf(c, next) : next()));

  registerRoutes(app);
  installErrorHandling(app, deps.log);

  const serveStatic = createStaticHandler(options.rendererDir ?? defaultRendererDir());
  app.get('*', (c, next) => (c.req.path.startsWith('/api/') ? next() : serveStatic(c)));
  return app;
}
