import type { OpenAPIHono } from '@hono/zod-openapi';
import { UserPathSchema } from '../../../shared/common.js';
import { HedgehogConfigSchema } from '../../../shared/user-actions.js';
import { hedgehogConfigOf, setHedgehogConfig } from '../../domain/user-update.js';
import type { AppEnv } from '../env.js';
import { defineRoute, valid } from '../route.js';
import { targetUser } from '../target-user.js';

/** Route 5: the hedgehog's settings, stored verbatim. */
export function registerHedgehogConfigRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    defineRoute({
      method: 'get',
      path: '/api/users/{uuid}/hedgehog_config/',
      access: 'user:read',
      tags: ['users'],
      summary: 'The stored hedgehog config, or `{}`.',
      params: UserPathSchema,
      response: HedgehogConfigSchema,
    }),
    (c) => {
      const user = targetUser(c, valid(c, 'param', UserPathSchema).uuid);
      return c.json(hedgehogConfigOf(user) as Record<string, unknown>, 200);
    },
  );

  app.openapi(
    defineRoute({
      method: 'patch',
      path: '/api/users/{uuid}/hedgehog_config/',
      access: 'user:write',
      tags: ['users'],
      summary: 'Store the body as the hedgehog config and return it.',
      params: UserPathSchema,
      body: HedgehogConfigSchema,
      response: HedgehogConfigSchema,
    }),
    (c) => {
      const user = targetUser(c, valid(c, 'param', UserPathSchema).uuid);
      const config = valid(c, 'json', HedgehogConfigSchema);
      return c.json(setHedgehogConfig(c.var.deps, user, config) as Record<string, unknown>, 200);
    },
  );
}
