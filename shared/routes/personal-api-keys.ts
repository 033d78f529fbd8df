import {
  PersonalApiKeyCreateRequestSchema,
  PersonalApiKeyListSchema,
  PersonalApiKeyPathSchema,
  PersonalApiKeySchema,
  PersonalApiKeyUpdateRequestSchema,
  PersonalApiKeyWithValueSchema,
} from '../api-keys.js';
import { route } from '../route-contract.js';

const base = { access: 'session', tags: ['personal api keys'] } as const;

/**
 * Route 17: personal API keys, session only (a key cannot mint keys). Minting lasting access —
 * create and roll — needs a login within the last 2 hours (security.md 26).
 */
export const personalApiKeyRoutes = {
  listPersonalApiKeys: route({
    ...base,
    method: 'get',
    path: '/api/personal_api_keys/',
    summary: 'Your keys, masked (`phx_…abcd`), newest first.',
    response: PersonalApiKeyListSchema,
  }),
  createPersonalApiKey: route({
    ...base,
    method: 'post',
    path: '/api/personal_api_keys/',
    sensitive: true,
    status: 201,
    summary: 'Create a key (at most 10). The answer carries the raw `value`: the only time it is shown.',
    body: PersonalApiKeyCreateRequestSchema,
    response: PersonalApiKeyWithValueSchema,
  }),
  retrievePersonalApiKey: route({
    ...base,
    method: 'get',
    path: '/api/personal_api_keys/{id}/',
    summary: 'One of your keys, masked.',
    params: PersonalApiKeyPathSchema,
    response: PersonalApiKeySchema,
  }),
  updatePersonalApiKey: route({
    ...base,
    method: 'patch',
    path: '/api/personal_api_keys/{id}/',
    summary: "Change a key's label or scopes.",
    params: PersonalApiKeyPathSchema,
    body: PersonalApiKeyUpdateRequestSchema,
    response: PersonalApiKeySchema,
  }),
  deletePersonalApiKey: route({
    ...base,
    method: 'delete',
    path: '/api/personal_api_keys/{id}/',
    summary: 'Revoke a key at once.',
    params: PersonalApiKeyPathSchema,
    status: 204,
    response: null,
  }),
  rollPersonalApiKey: route({
    ...base,
    method: 'post',
    path: '/api/personal_api_keys/{id}/roll/',
    sensitive: true,
    summary:
      'Replace the key with a new value (the old one stops working); the answer carries the new `value`.',
    params: PersonalApiKeyPathSchema,
    response: PersonalApiKeyWithValueSchema,
  }),
};
