import { z } from 'zod';

/** Minimal dashboards (users-api.md §4 row 18): something for scene personalisation to point at. */
export const DashboardSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    team_id: z.number().int(),
    created_at: z.string().meta({ format: 'date-time' }),
    created_by: z.number().int().nullable(),
  })
  .meta({ id: 'Dashboard' });
export type Dashboard = z.infer<typeof DashboardSchema>;

export const PaginatedDashboardListSchema = z
  .object({
    count: z.number().int(),
    next: z.string().nullable(),
    previous: z.string().nullable(),
    results: z.array(DashboardSchema),
  })
  .meta({ id: 'PaginatedDashboardList' });
export type PaginatedDashboardList = z.infer<typeof PaginatedDashboardListSchema>;

export const DashboardCreateRequestSchema = z
  .object({ name: z.string().trim().min(1).max(400) })
  .meta({ id: 'DashboardCreateRequest' });
export type DashboardCreateRequest = z.infer<typeof DashboardCreateRequestSchema>;

export const ProjectPathSchema = z.object({
  project_id: z.string().meta({ description: "`@current` (the caller's current project) or a project id." }),
});

export const DashboardListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});
