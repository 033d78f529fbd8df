import { z } from 'zod';

/** The security activity log (users-api.md §4 row 19, Extension). No secret ever appears in it. */
export const ActivityEventSchema = z
  .object({
    id: z.number().int(),
    /** e.g. `login`, `login_failed`, `password_changed`, `two_factor_enabled`, `personal_api_key_created`. */
    type: z.string(),
    /** Ids, labels, platforms, reasons: what happened, never a secret. */
    detail: z.record(z.string(), z.unknown()),
    ip: z.string(),
    /** "Firefox on macOS", derived from the User-Agent. */
    device: z.string(),
    created_at: z.string().meta({ format: 'date-time' }),
  })
  .meta({ id: 'ActivityEvent' });
export type ActivityEvent = z.infer<typeof ActivityEventSchema>;

export const PaginatedActivityListSchema = z
  .object({
    count: z.number().int(),
    next: z.string().nullable(),
    previous: z.string().nullable(),
    results: z.array(ActivityEventSchema),
  })
  .meta({ id: 'PaginatedActivityList' });
export type PaginatedActivityList = z.infer<typeof PaginatedActivityListSchema>;

export const ActivityQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});
