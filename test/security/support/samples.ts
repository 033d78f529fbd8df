import type { JsonSchema } from './routes.js';

/** Hand-picked bodies a route would accept from its owner, where the schema alone says too little. */
const KNOWN: Record<string, unknown> = {
  'POST /api/login/': { email: 'owner@example.com', password: 'correct horse battery staple 42' },
  'POST /api/signup/': {
    email: 'new@example.com',
    password: 'correct horse battery staple 42',
    first_name: 'N',
  },
  'PATCH /api/users/{uuid}/': { first_name: 'Mallory' },
  'PUT /api/users/{uuid}/': {
    email: 'put@example.com',
    password: 'correct horse battery staple 42',
    first_name: 'P',
  },
  'PATCH /api/users/{uuid}/hedgehog_config/': { enabled: true, color: 'blue' },
  'POST /api/users/{uuid}/push_tokens/': { token: 'push-token-1', platform: 'ios' },
  'POST /api/users/{uuid}/push_tokens/unregister/': { token: 'push-token-1' },
  'POST /api/users/{uuid}/scene_personalisation/': { scene: 'home', dashboard: 1 },
  'POST /api/personal_api_keys/': { label: 'cross-site', scopes: ['*'] },
  'PATCH /api/personal_api_keys/{id}/': { label: 'renamed' },
  'POST /api/projects/{project_id}/dashboards/': { name: 'Dashboard' },
};

/** A plausible value for a schema: its first enum value, else a short value of its type. */
export function sampleValue(schema: JsonSchema | undefined, depth = 0): unknown {
  if (!schema || depth > 6) return null;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum.find((v) => v !== null) ?? schema.enum[0];
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.length) return sampleValue(variants.find((v) => v.type !== 'null') ?? variants[0], depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      return schema.format === 'email' ? 'sample@example.com' : 'sample';
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, 1);
    case 'boolean':
      return true;
    case 'array':
      return [sampleValue(schema.items, depth + 1)];
    case 'object':
    case undefined: {
      if (!schema.properties) return {};
      const required = new Set(schema.required ?? []);
      return Object.fromEntries(
        Object.entries(schema.properties)
          .filter(([k]) => required.has(k))
          .map(([k, v]) => [k, sampleValue(v, depth + 1)]),
      );
    }
    default:
      return null;
  }
}

/** A body the route would plausibly accept (so a refusal is the defence at work, not bad input). */
export function sampleBody(method: string, template: string, schema: JsonSchema | undefined): unknown {
  const known = KNOWN[`${method} ${template}`];
  if (known !== undefined) return known;
  return schema ? sampleValue(schema) : {};
}
