import { z } from 'zod';
import { API_KEY_SCOPES } from './scopes.js';

/** Personal API keys (users-api.md §4 row 17). The raw value exists only in create and roll answers. */
const isoDate = z.string().meta({ format: 'date-time' });

export const PersonalApiKeySchema = z
  .object({
    id: z.string(),
    label: z.string(),
    /** `phx_…abcd`: the last four characters, enough to recognise a key. */
    mask_value: z.string(),
    scopes: z.array(z.string()),
    created_at: isoDate,
    last_used_at: isoDate.nullable(),
    last_rolled_at: isoDate.nullable(),
  })
  .meta({ id: 'PersonalApiKey' });
export type PersonalApiKey = z.infer<typeof PersonalApiKeySchema>;

/** Create and roll: the only answers that carry the raw key. Show it once, then forget it. */
export const PersonalApiKeyWithValueSchema = PersonalApiKeySchema.extend({ value: z.string() }).meta({
  id: 'PersonalApiKeyWithValue',
});
export type PersonalApiKeyWithValue = z.infer<typeof PersonalApiKeyWithValueSchema>;

export const PersonalApiKeyListSchema = z.array(PersonalApiKeySchema).meta({ id: 'PersonalApiKeyList' });

// Typed loosely so an unknown scope reaches the domain and gets the contract's `Invalid scope: <s>`.
const scopes = z.array(z.string()).meta({ description: `Any of: ${API_KEY_SCOPES.join(', ')}.` });

export const PersonalApiKeyCreateRequestSchema = z
  .object({ label: z.string(), scopes })
  .meta({ id: 'PersonalApiKeyCreateRequest' });
export type PersonalApiKeyCreateRequest = z.infer<typeof PersonalApiKeyCreateRequestSchema>;

export const PersonalApiKeyUpdateRequestSchema = z
  .object({ label: z.string(), scopes })
  .partial()
  .meta({ id: 'PersonalApiKeyUpdateRequest' });
export type PersonalApiKeyUpdateRequest = z.infer<typeof PersonalApiKeyUpdateRequestSchema>;

export const PersonalApiKeyPathSchema = z.object({
  id: z.string().max(64).meta({ description: 'The key id.' }),
});
