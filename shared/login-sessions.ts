import { z } from 'zod';

/** The caller's signed-in sessions (users-api.md §4 row 16). Never the session id itself. */
export const LoginSessionSchema = z
  .object({
    id: z.number().int(),
    created_at: z.string().meta({ format: 'date-time' }),
    last_activity: z.string().meta({ format: 'date-time' }),
    /** "Chrome on Linux", derived from the User-Agent. */
    device: z.string(),
    is_current: z.boolean(),
  })
  .meta({ id: 'LoginSession' });
export type LoginSession = z.infer<typeof LoginSessionSchema>;

export const LoginSessionListSchema = z.array(LoginSessionSchema).meta({ id: 'LoginSessionList' });

export const RevokeOtherSessionsResultSchema = z
  .object({ revoked_count: z.number().int() })
  .meta({ id: 'RevokeOtherSessionsResult' });
export type RevokeOtherSessionsResult = z.infer<typeof RevokeOtherSessionsResultSchema>;

export const LoginSessionPathSchema = z.object({
  uuid: z.string().meta({ description: "A user's uuid, or `@me` for the caller." }),
  // A string so a malformed id is simply not found (404), as PostHog answers.
  id: z.string().meta({ description: 'The session id from the list.' }),
});
