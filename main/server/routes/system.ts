import type { OpenAPIHono } from '@hono/zod-openapi';
import { systemRoutes as routes } from '../../../shared/routes/system.js';
import { signupAllowed } from '../../domain/accounts.js';
import { hasAccounts } from '../../domain/user-directory.js';
import type { AppEnv } from '../env.js';
import { implement } from '../route.js';
import { VERSION } from '../version.js';

/** Health, preflight and the OpenAPI document: no authentication. */
export function registerSystemRoutes(app: OpenAPIHono<AppEnv>): void {
  // Plain text for process supervisors, not an API route: no contract (nothing to validate or type).
  app.get('/_health', (c) => c.text('ok'));

  implement(app, routes.preflight, (c) => {
    const deps = c.get('deps');
    return {
      initiated: hasAccounts(deps),
      signup_allowed: signupAllowed(deps),
      version: VERSION,
      server_time: new Date(deps.clock.now()).toISOString(),
    };
  });

  // The document generated from every contract's registration: it describes the routes, so it is
  // not itself one (a contract would have to describe the OpenAPI 3.1 meta-schema).
  let document: unknown;
  app.get('/api/schema', (c) => {
    document ??= withTrailingSlashes(
      app.getOpenAPI31Document({
        openapi: '3.1.0',
        info: {
          title: 'Userdesk local API',
          version: VERSION,
          description: "PostHog's users API, served by Userdesk on the loopback interface.",
        },
      }),
    );
    return c.json(document);
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'PersonalAPIKeyAuth', {
    type: 'http',
    scheme: 'bearer',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'SessionCookie', {
    type: 'apiKey',
    in: 'cookie',
    name: 'sessionid',
  });
}

/**
 * /api/ paths are documented the way PostHog writes them, with the trailing slash; others (`/_preflight`)
 * without, as they always were. Both forms are served.
 */
function withTrailingSlashes<T extends { paths?: Record<string, unknown> }>(doc: T): T {
  const paths = Object.fromEntries(
    Object.entries(doc.paths ?? {}).map(([p, v]) => [
      p.startsWith('/api/') ? p.replace(/\/?$/, '/') : p.replace(/(.)\/$/, '$1'),
      v,
    ]),
  );
  return { ...doc, paths };
}
