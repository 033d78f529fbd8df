import { z } from 'zod';

/** Request and response bodies of the session routes (users-api.md §2). */
export const LoginRequestSchema = z
  .object({ email: z.string().max(254), password: z.string().max(4096) })
  .meta({ id: 'LoginRequest' });
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const SignupRequestSchema = z
  .object({
    email: z.string().max(254).email(),
    password: z.string().max(128),
    first_name: z.string().max(150),
    last_name: z.string().max(150).optional(),
    organization_name: z.string().max(64).optional(),
  })
  .meta({ id: 'SignupRequest' });
export type SignupRequest = z.infer<typeof SignupRequestSchema>;

export const SuccessSchema = z.object({ success: z.literal(true) }).meta({ id: 'Success' });

/** GET /_preflight/ — what the window needs before anyone signs in. */
export const PreflightSchema = z
  .object({
    initiated: z.boolean(),
    signup_allowed: z.boolean(),
    version: z.string(),
    server_time: z.string(),
  })
  .meta({ id: 'Preflight' });
export type Preflight = z.infer<typeof PreflightSchema>;
