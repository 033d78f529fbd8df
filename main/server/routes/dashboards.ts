import type { OpenAPIHono } from '@hono/zod-openapi';
import { dashboardRoutes as routes } from '../../../shared/routes/dashboards.js';
import { createDashboard, listDashboards, resolveProject } from '../../domain/dashboards.js';
import { callerOf } from '../access.js';
import { pageLinks } from '../caller-helpers.js';
import type { AppEnv } from '../env.js';
import { implement } from '../route.js';

/** Route 18: minimal dashboards of a project (`@current` or an id of the caller's organizations). */
export function registerDashboardRoutes(app: OpenAPIHono<AppEnv>): void {
  implement(app, routes.listDashboards, (c, { params, query }) => {
    const team = resolveProject(c.get('deps'), callerOf(c).user, params.project_id);
    const limit = query.limit ?? 100;
    const offset = query.offset ?? 0;
    // A project has a handful of dashboards: one query and a slice beat a count query.
    const all = listDashboards(c.get('deps'), team);
    return {
      count: all.length,
      ...pageLinks(c, limit, offset, all.length),
      results: all.slice(offset, offset + limit),
    };
  });

  implement(app, routes.createDashboard, (c, { params, body }) => {
    const caller = callerOf(c);
    const team = resolveProject(c.get('deps'), caller.user, params.project_id);
    return createDashboard(c.get('deps'), team, caller.user, body.name);
  });
}
