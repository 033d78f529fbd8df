import { z } from 'zod';

/**
 * Staff-only extensions for the admin screen: creating accounts from the window and the
 * instance's open-signup switch (users-api.md §2: "unless a staff user has turned it on").
 */
export const AdminCreateUserRequestSchema = z
  .object({
    email: z.string().max(254).email(),
    password: z.string().max(128),
    first_name: z.string().max(150).optional(),
    last_name: z.string().max(150).optional(),
    is_staff: z.boolean().optional(),
  })
  .meta({ id: 'AdminCreateUserRequest' });
export type AdminCreateUserRequest = z.infer<typeof AdminCreateUserRequestSchema>;

export const InstanceSettingsSchema = z
  .object({ signup_allowed: z.boolean() })
  .meta({ id: 'InstanceSettings' });
export type InstanceSettings = z.infer<typeof InstanceSettingsSchema>;

export const InstanceSettingsUpdateSchema = InstanceSettingsSchema.partial().meta({
  id: 'PatchedInstanceSettings',
});
