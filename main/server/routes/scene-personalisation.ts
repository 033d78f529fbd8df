import type { OpenAPIHono } from '@hono/zod-openapi';
import { userRoutes as routes } from '../../../shared/routes/users.js';
import { setScenePersonalisation } from '../../domain/scene-personalisation.js';
import { viewUser } from '../../domain/user-view.js';
import { callerOf } from '../access.js';
import { ownSession } from '../caller-helpers.js';
import type { AppEnv } from '../env.js';
import { implement } from '../route.js';
import { targetUser } from '../target-user.js';

/** Route 6: which dashboard a scene opens, per user and current project. */
export function registerScenePersonalisationRoutes(app: OpenAPIHono<AppEnv>): void {
  implement(app, routes.scenePersonalisation, (c, { params, body }) => {
    const deps = c.get('deps');
    const user = targetUser(c, params.uuid);
    setScenePersonalisation(deps, user, body);
    return viewUser(deps, user, ownSession(callerOf(c), user));
  });
}
