import type { OpenAPIHono } from '@hono/zod-openapi';
import {
  PersonalApiKeyCreateRequestSchema,
  PersonalApiKeyListSchema,
  PersonalApiKeyPathSchema,
  PersonalApiKeySchema,
  PersonalApiKeyUpdateRequestSchema,
  PersonalApiKeyWithValueSchema,
} from '../../../shared/api-keys.js';
import { notFound } from '../../../shared/errors.js';
import { createKey, deleteKey, listKeys, rollKey, updateKey } from '../../domain/api-keys.js';
import { sessionCallerOf } from '../access.js';
import type { AppEnv } from '../env.js';
import { defineRoute, valid } from '../route.js';

/**
 * Route 17: personal API keys, session only (a key cannot mint keys). The raw value appears in the
 * create and roll answers and nowhere else.
 */
export function registerPersonalApiKeyRoutes(app: OpenAPIHono<AppEnv>): void {
  const base = { access: 'session' as const, tags: ['personal api keys'] };

  app.openapi(
    defineRoute({
      ...base,
      method: 'get',
      path: '/api/personal_api_keys/',
      summary: 'Your keys, masked (`phx_…abcd`), newest first.',
      response: PersonalApiKeyListSchema,
    }),
    (c) => c.json(listKeys(c.var.deps, sessionCallerOf(c).user.id), 200),
  );

  app.openapi(
    defineRoute({
      ...base,
      method: 'post',
      path: '/api/personal_api_keys/',
      status: 201,
      summary: 'Create a key (at most 10). The answer carries the raw `value`: the only time it is shown.',
      body: PersonalApiKeyCreateRequestSchema,
      response: PersonalApiKeyWithValueSchema,
    }),
    (c) => {
      const { label, scopes } = valid(c, 'json', PersonalApiKeyCreateRequestSchema);
      const { key, value } = createKey(c.var.deps, sessionCallerOf(c).user.id, label, scopes, c.var.ctx);
      return c.json({ ...key, value }, 201);
    },
  );

  app.openapi(
    defineRoute({
      ...base,
      method: 'get',
      path: '/api/personal_api_keys/{id}/',
      summary: 'One of your keys, masked.',
      params: PersonalApiKeyPathSchema,
      response: PersonalApiKeySchema,
    }),
    (c) => {
      const id = valid(c, 'param', PersonalApiKeyPathSchema).id;
      // At most 10 keys per user: the list is the lookup.
      const key = listKeys(c.var.deps, sessionCallerOf(c).user.id).find((k) => k.id === id);
      if (!key) throw notFound();
      return c.json(key, 200);
    },
  );

  app.openapi(
    defineRoute({
      ...base,
      method: 'patch',
      path: '/api/personal_api_keys/{id}/',
      summary: "Change a key's label or scopes.",
      params: PersonalApiKeyPathSchema,
      body: PersonalApiKeyUpdateRequestSchema,
      response: PersonalApiKeySchema,
    }),
    (c) => {
      const { id } = valid(c, 'param', PersonalApiKeyPathSchema);
      const changes = valid(c, 'json', PersonalApiKeyUpdateRequestSchema);
      return c.json(updateKey(c.var.deps, sessionCallerOf(c).user.id, id, changes, c.var.ctx), 200);
    },
  );

  app.openapi(
    defineRoute({
      ...base,
      method: 'delete',
      path: '/api/personal_api_keys/{id}/',
      summary: 'Revoke a key at once.',
      params: PersonalApiKeyPathSchema,
      status: 204,
      response: null,
    }),
    (c) => {
      deleteKey(
        c.var.deps,
        sessionCallerOf(c).user.id,
        valid(c, 'param', PersonalApiKeyPathSchema).id,
        c.var.ctx,
      );
      return c.body(null, 204);
    },
  );

  app.openapi(
    defineRoute({
      ...base,
      method: 'post',
      path: '/api/personal_api_keys/{id}/roll/',
      summary:
        'Replace the key with a new value (the old one stops working); the answer carries the new `value`.',
      params: PersonalApiKeyPathSchema,
      response: PersonalApiKeyWithValueSchema,
    }),
    (c) => {
      const id = valid(c, 'param', PersonalApiKeyPathSchema).id;
      const { key, value } = rollKey(c.var.deps, sessionCallerOf(c).user.id, id, c.var.ctx);
      return c.json({ ...key, value }, 200);
    },
  );
}
