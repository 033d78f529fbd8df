import type { OpenAPIHono } from '@hono/zod-openapi';
import { PreflightSchema } from '../../../shared/auth.js';
import { signupAllowed } from '../../domain/accounts.js';
import type { AppEnv } from '../env.js';
import { defineRoute } from '../route.js';
import { VERSION } from '../version.js';

/** Health, preflight and the OpenAPI document: no authentication. */
export function registerSystemRoutes(app: OpenAPIHono<AppEnv>): void {
  app.get('/_health', (c) => c.text('ok'));

  app.openapi(
    defineRoute({
      method: 'get',
      path: '/_preflight/',
      access: 'public',
      tags: ['system'],
      summary: 'What the window needs before sign-in: is there an account yet, may people sign up.',
      response: PreflightSchema,
    }),
    (c) => {
      const deps = c.var.deps;
      return c.json(
        {
          initiated: deps.repos.users.count() > 0,
          signup_allowed: signupAllowed(deps),
          version: VERSION,
          server_time: new Date(deps.clock.now()).toISOString(),
        },
        200,
      );
    },
  );

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

/** Paths are documented the way PostHog writes them, with the trailing slash (both forms work). */
function withTrailingSlashes<T extends { paths?: Record<string, unknown> }>(doc: T): T {
  const paths = Object.fromEntries(
    Object.entries(doc.paths ?? {}).map(([p, v]) => [
      p.startsWith('/api/') && !p.endsWith('/') ? `${p}/` : p,
      v,
    ]),
  );
  return { ...doc, paths };
}
