import type { OpenAPIHono } from '@hono/zod-openapi';
import { UserPathSchema } from '../../../shared/common.js';
import { ScenePersonalisationRequestSchema } from '../../../shared/user-actions.js';
import { UserSchema } from '../../../shared/user.js';
import { setScenePersonalisation } from '../../domain/scene-personalisation.js';
import { viewUser } from '../../domain/user-view.js';
import { callerOf } from '../access.js';
import { ownSession } from '../caller-helpers.js';
import type { AppEnv } from '../env.js';
import { defineRoute, valid } from '../route.js';
import { targetUser } from '../target-user.js';

/** Route 6: which dashboard a scene opens, per user and current project. */
export function registerScenePersonalisationRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    defineRoute({
      method: 'post',
      path: '/api/users/{uuid}/scene_personalisation/',
      access: 'session',
      tags: ['users'],
      summary: "Set the dashboard a scene opens in the user's current project; returns the user.",
      params: UserPathSchema,
      body: ScenePersonalisationRequestSchema,
      response: UserSchema,
    }),
    (c) => {
      const caller = callerOf(c);
      const deps = c.var.deps;
      const user = targetUser(c, valid(c, 'param', UserPathSchema).uuid);
      setScenePersonalisation(deps, user, valid(c, 'json', ScenePersonalisationRequestSchema));
      return c.json(viewUser(deps, user, ownSession(caller, user)), 200);
    },
  );
}
