import { HttpClient } from '../../helpers/http-client.js';

/** JSON Schema as the OpenAPI document carries it (only what the generators look at). */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  format?: string;
  nullable?: boolean;
}

/** One operation of the running server, as its own OpenAPI document declares it. */
export interface RouteInfo {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI template, e.g. `/api/users/{uuid}/`. */
  template: string;
  access: 'public' | 'session' | 'user:read' | 'user:write';
  sensitive: boolean;
  /** Request body schema with every $ref resolved (undefined: no body declared). */
  body?: JsonSchema;
  params: string[];
}

function resolve(
  schema: JsonSchema | undefined,
  components: Record<string, JsonSchema>,
  depth = 0,
): JsonSchema | undefined {
  if (!schema || depth > 12) return schema;
  if (schema.$ref) return resolve(components[schema.$ref.split('/').pop()!], components, depth + 1);
  const out: JsonSchema = { ...schema };
  if (schema.properties) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([k, v]) => [k, resolve(v, components, depth + 1)!]),
    );
  }
  if (schema.items) out.items = resolve(schema.items, components, depth + 1);
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (schema[key]) out[key] = schema[key]!.map((s) => resolve(s, components, depth + 1)!);
  }
  return out;
}

/**
 * Every route of the running server, read from its own /api/schema/ (the document is generated from
 * the schemas that validate requests), so these suites widen by themselves as routes land.
 */
export async function discoverRoutes(baseUrl: string): Promise<RouteInfo[]> {
  const res = await new HttpClient(baseUrl).get('/api/schema/');
  if (res.status !== 200) throw new Error(`GET /api/schema/ answered ${res.status}`);
  const doc = res.body as {
    paths: Record<
      string,
      Record<
        string,
        {
          description?: string;
          requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
          responses?: Record<string, { content?: Record<string, unknown> }>;
        }
      >
    >;
    components?: { schemas?: Record<string, JsonSchema> };
  };
  const components = doc.components?.schemas ?? {};
  const routes: RouteInfo[] = [];
  for (const [template, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      // An event stream never ends, so request-and-read sweeps would hang on it: its perimeter,
      // headers and refusals are tested in test/api/live-events.test.ts.
      if (op.responses?.['200']?.content?.['text/event-stream']) continue;
      const description = op.description ?? '';
      const scope = /scope `([^`]+)`/.exec(description)?.[1];
      const access: RouteInfo['access'] = description.startsWith('No authentication')
        ? 'public'
        : scope === 'user:read' || scope === 'user:write'
          ? scope
          : 'session';
      routes.push({
        method: method.toUpperCase() as RouteInfo['method'],
        template,
        access,
        sensitive: description.includes('Sensitive'),
        body: resolve(op.requestBody?.content?.['application/json']?.schema, components),
        params: [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]),
      });
    }
  }
  return routes;
}

/** Fills `{name}` placeholders (values are inserted as given: callers may pass junk on purpose). */
export function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '1');
}

/** Pages of the window (served by the same server) and the unauthenticated system paths. */
export const NON_API_PATHS = [
  '/',
  '/index.html',
  '/login',
  '/account/security',
  '/assets/app.js',
  '/favicon.ico',
  '/_health',
  '/_preflight/',
];
