import type { OpenAPIHono } from '@hono/zod-openapi';
import { notFound } from '../../../shared/errors.js';
import { personalApiKeyRoutes as routes } from '../../../shared/routes/personal-api-keys.js';
import { createKey, deleteKey, listKeys, rollKey, updateKey } from '../../domain/api-keys.js';
import { sessionCallerOf } from '../access.js';
import type { AppEnv } from '../env.js';
import { implement } from '../route.js';

/**
 * Route 17: personal API keys, session only (a key cannot mint keys). The raw value appears in the
 * create and roll answers and nowhere else.
 */
export function registerPersonalApiKeyRoutes(app: OpenAPIHono<AppEnv>): void {
  implement(app, routes.listPersonalApiKeys, (c) => listKeys(c.get('deps'), sessionCallerOf(c).user.id));

  implement(app, routes.createPersonalApiKey, (c, { body }) => {
    const userId = sessionCallerOf(c).user.id;
    const { key, value } = createKey(c.get('deps'), userId, body.label, body.scopes, c.get('ctx'));
    return { ...key, value };
  });

  implement(app, routes.retrievePersonalApiKey, (c, { params }) => {
    // At most 10 keys per user: the list is the lookup.
    const key = listKeys(c.get('deps'), sessionCallerOf(c).user.id).find((k) => k.id === params.id);
    if (!key) throw notFound();
    return key;
  });

  implement(app, routes.updatePersonalApiKey, (c, { params, body }) =>
    updateKey(c.get('deps'), sessionCallerOf(c).user.id, params.id, body, c.get('ctx')),
  );

  implement(app, routes.deletePersonalApiKey, (c, { params }) => {
    deleteKey(c.get('deps'), sessionCallerOf(c).user.id, params.id, c.get('ctx'));
  });

  implement(app, routes.rollPersonalApiKey, (c, { params }) => {
    const { key, value } = rollKey(c.get('deps'), sessionCallerOf(c).user.id, params.id, c.get('ctx'));
    return { ...key, value };
  });
}
