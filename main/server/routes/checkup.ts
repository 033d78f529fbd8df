import type { OpenAPIHono } from '@hono/zod-openapi';
import { checkupRoutes as routes } from '../../../shared/routes/checkup.js';
import { securityCheckup, securityOverview } from '../../domain/security-checkup.js';
import type { AppEnv } from '../env.js';
import { implement } from '../route.js';
import { targetUser } from '../target-user.js';

/** Security checkup (issue 15 item 2): read-only, so staff may look at another user's too. */
export function registerCheckupRoutes(app: OpenAPIHono<AppEnv>): void {
  implement(app, routes.securityOverview, (c) => securityOverview(c.get('deps')));
  implement(app, routes.securityCheckup, (c, { params }) =>
    securityCheckup(c.get('deps'), targetUser(c, params.uuid)),
  );
}
