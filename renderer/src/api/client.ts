import type { ClientInput, ClientOutput } from '../../../shared/route-contract.js';
import type { RouteKey, RouteTable } from '../../../shared/routes/index.js';
import { request, type RequestOptions } from './http.js';

/**
 * The typed client: a route is named by its `"METHOD path"` key from the shared route table, and
 * its input and answer types come from that route's zod schemas — nobody writes a response type at
 * a call site. Only types are imported from shared/routes, so no schema reaches the bundle.
 */
export function call<K extends RouteKey>(
  key: K,
  input: ClientInput<RouteTable[K]>,
  options: RequestOptions = {},
): Promise<ClientOutput<RouteTable[K]>> {
  const space = key.indexOf(' ');
  const method = key.slice(0, space) as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  const params = (input.params ?? {}) as Record<string, string | number>;
  const path = key.slice(space + 1).replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`Missing path parameter "${name}" for ${key}`);
    return encodeURIComponent(String(value));
  });
  const query = input.query as RequestOptions['query'];
  return request<ClientOutput<RouteTable[K]>>(
    method,
    path,
    input.body,
    query ? { ...options, query } : options,
  );
}
