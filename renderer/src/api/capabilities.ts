import { request } from './http.js';

/**
 * Which optional routes this server offers, read once from its OpenAPI document (/api/schema/).
 * The window uses it to offer a feature only where the server has it (e.g. creating users from
 * the admin screen) instead of failing after the user filled a form.
 */
interface OpenApiDocument {
  paths?: Record<string, Record<string, unknown>>;
}

let schema: Promise<OpenApiDocument> | null = null;

function loadSchema(): Promise<OpenApiDocument> {
  schema ??= request<OpenApiDocument>('GET', '/api/schema/').catch(() => {
    schema = null;
    return {};
  });
  return schema;
}

/** True when the server documents `method` on `path` (paths as written in the document). */
export async function serverOffers(
  method: 'get' | 'post' | 'put' | 'patch' | 'delete',
  path: string,
): Promise<boolean> {
  const doc = await loadSchema();
  return Boolean(doc.paths?.[path]?.[method]);
}
