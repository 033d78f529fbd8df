import { z } from 'zod';
import { PUSH_PLATFORMS } from './enums.js';

/** Push tokens (users-api.md §4 rows 7–9): device self-registration on `@me` only. */
const token = z.string().min(1).max(512);
const isoDate = z.string().meta({ format: 'date-time' });

export const PushTokenRegisterRequestSchema = z
  .object({ token, platform: z.enum(PUSH_PLATFORMS) })
  .meta({ id: 'PushTokenRegisterRequest' });
export type PushTokenRegisterRequest = z.infer<typeof PushTokenRegisterRequestSchema>;

export const PushTokenUnregisterRequestSchema = z
  .object({ token })
  .meta({ id: 'PushTokenUnregisterRequest' });
export type PushTokenUnregisterRequest = z.infer<typeof PushTokenUnregisterRequestSchema>;

/** The register answer: the token itself is never echoed. */
export const PushTokenSchema = z
  .object({
    id: z.number().int(),
    platform: z.enum(PUSH_PLATFORMS),
    created_at: isoDate,
    last_seen_at: isoDate,
  })
  .meta({ id: 'PushToken' });
export type PushToken = z.infer<typeof PushTokenSchema>;

/** A list row (Extension): enough of the token to tell devices apart, never all of it. */
export const PushTokenListItemSchema = PushTokenSchema.extend({ token_preview: z.string() }).meta({
  id: 'PushTokenListItem',
});
export type PushTokenListItem = z.infer<typeof PushTokenListItemSchema>;

export const PushTokenListSchema = z.array(PushTokenListItemSchema).meta({ id: 'PushTokenList' });

export const PushTokenPathSchema = z.object({
  uuid: z.string().meta({ description: 'Must be `@me`: push tokens belong to the caller only.' }),
  // A string so a malformed id is simply not found (404).
  id: z.string().meta({ description: 'The push token id.' }),
});
