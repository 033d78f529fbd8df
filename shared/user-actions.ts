import { z } from 'zod';
import { UserUpdateSchema } from './user.js';

/**
 * Bodies of the user routes beyond the plain PATCH (users-api.md §3–§4): PUT, scene
 * personalisation and the hedgehog config.
 */

/** PUT: the PATCH fields, with `email` and `password` required (a password change, so session only). */
export const UserPutSchema = UserUpdateSchema.required({ email: true, password: true }).meta({
  id: 'UserPut',
});
export type UserPut = z.infer<typeof UserPutSchema>;

/**
 * Both fields are optional here so that a missing one gets PostHog's own sentence
 * (`Dashboard must be provided.` / `Scene must be provided.`) rather than a generic `required`.
 */
export const ScenePersonalisationRequestSchema = z
  .object({
    scene: z.string().min(1).max(200).optional(),
    // null passes here so the server can answer it with a clean 400 (Deviation: PostHog crashes on it).
    dashboard: z
      .union([z.number().int(), z.string().max(20)], { error: 'Incorrect type. Expected a dashboard id.' })
      .nullable()
      .optional(),
  })
  .meta({ id: 'ScenePersonalisationRequest' });
export type ScenePersonalisationRequest = z.infer<typeof ScenePersonalisationRequestSchema>;

/** The hedgehog's settings: any JSON object, stored and returned verbatim. */
export const HedgehogConfigSchema = z.record(z.string(), z.unknown()).meta({ id: 'HedgehogConfig' });
export type HedgehogConfig = z.infer<typeof HedgehogConfigSchema>;
