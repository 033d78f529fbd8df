import {
  DashboardCreateRequestSchema,
  DashboardListQuerySchema,
  DashboardSchema,
  PaginatedDashboardListSchema,
  ProjectPathSchema,
} from '../dashboards.js';
import { route } from '../route-contract.js';

/** Route 18: minimal dashboards of a project (`@current` or an id of the caller's organizations). */
export const dashboardRoutes = {
  listDashboards: route({
    method: 'get',
    path: '/api/projects/{project_id}/dashboards/',
    access: 'user:read',
    tags: ['dashboards'],
    summary: "The project's dashboards, oldest first.",
    params: ProjectPathSchema,
    query: DashboardListQuerySchema,
    response: PaginatedDashboardListSchema,
  }),
  createDashboard: route({
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
};
