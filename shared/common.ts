import { z } from 'zod';

/** The error body of every failure (users-api.md §1), as a schema for the OpenAPI document. */
export const ErrorBodySchema = z
  .object({
    type: z.enum([
      'validation_error',
      'authentication_error',
      'invalid_request',
      'throttled_error',
      'server_error',
    ]),
    code: z.string(),
    detail: z.string(),
    attr: z.string().nullable(),
  })
  .meta({ id: 'Error' });

/** `:uuid` path segment: a user's uuid or `@me`. */
export const UserPathSchema = z.object({
  uuid: z.string().meta({ description: "A user's uuid, or `@me` for the caller." }),
});
