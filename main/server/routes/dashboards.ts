import type { OpenAPIHono } from '@hono/zod-openapi';
import {
  DashboardCreateRequestSchema,
  DashboardListQuerySchema,
  DashboardSchema,
  PaginatedDashboardListSchema,
  ProjectPathSchema,
} from '../../../shared/dashboards.js';
import { createDashboard, listDashboards, resolveProject } from '../../domain/dashboards.js';
import { callerOf } from '../access.js';
import { pageLinks } from '../caller-helpers.js';
import type { AppEnv } from '../env.js';
import { defineRoute, valid } from '../route.js';

/** Route 18: minimal dashboards of a project (`@current` or an id of the caller's organizations). */
export function registerDashboardRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    defineRoute({
      method: 'get',
      path: '/api/projects/{project_id}/dashboards/',
      access: 'user:read',
      tags: ['dashboards'],
      summary: "The project's dashboards, oldest first.",
      params: ProjectPathSchema,
      query: DashboardListQuerySchema,
      response: PaginatedDashboardListSchema,
    }),
    (c) => {
      const caller = callerOf(c);
      const team = resolveProject(c.var.deps, caller.user, valid(c, 'param', ProjectPathSchema).project_id);
      const q = valid(c, 'query', DashboardListQuerySchema);
      const limit = q.limit ?? 100;
      const offset = q.offset ?? 0;
      // A project has a handful of dashboards: one query and a slice beat a count query.
      const all = listDashboards(c.var.deps, team);
      return c.json(
        {
          count: all.length,
          ...pageLinks(c, limit, offset, all.length),
          results: all.slice(offset, offset + limit),
        },
        200,
      );
    },
  );

  app.openapi(
    defineRoute({
      method: 'post',
      path: '/api/projects/{project_id}/dashboards/',
      access: 'user:write',
      tags: ['dashboards'],
      status: 201,
      summary: 'Create a dashboard in the project.',
      params: ProjectPathSchema,
      body: DashboardCreateRequestSchema,
      response: DashboardSchema,
    }),
    (c) => {
      const caller = callerOf(c);
      const team = resolveProject(c.var.deps, caller.user, valid(c, 'param', ProjectPathSchema).project_id);
      const { name } = valid(c, 'json', DashboardCreateRequestSchema);
      return c.json(createDashboard(c.var.deps, team, caller.user, name), 201);
    },
  );
}
