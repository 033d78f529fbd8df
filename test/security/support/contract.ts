import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';

/** Which error `type` the contract allows for each status (users-api.md §1). */
const TYPES_BY_STATUS: Record<number, readonly string[]> = {
  400: ['validation_error', 'invalid_request'],
  401: ['authentication_error'],
  403: ['authentication_error'],
  404: ['invalid_request'],
  405: ['invalid_request'],
  409: ['server_error'],
  413: ['invalid_request'],
  415: ['invalid_request'],
  431: ['invalid_request'],
  429: ['throttled_error'],
};

const PASSKEY_ROUTE = /\/api\/(webauthn\/|login\/precheck|login\/2fa\/passkey\/)/;

/**
 * Asserts an error answer is exactly `{type, code, detail, attr}` with the type its status calls
 * for, a machine code, one sentence and a string-or-null attr. `where` names the request in failures.
 */
export function assertErrorShape(status: number, body: unknown, where: string): void {
  assert.ok(
    body && typeof body === 'object' && !Array.isArray(body),
    `${where}: error body is a JSON object`,
  );
  const b = body as Record<string, unknown>;
  // users-api.md §6: passkey routes 20–26 add PostHog's `error` key (equal to `detail`) for its window.
  const keys = Object.keys(b).sort();
  if (PASSKEY_ROUTE.test(where) && 'error' in b) {
    assert.equal(b.error, b.detail, `${where}: error repeats detail`);
    keys.splice(keys.indexOf('error'), 1);
  }
  assert.deepEqual(keys, ['attr', 'code', 'detail', 'type'], `${where}: exactly four keys`);
  const allowed = TYPES_BY_STATUS[status];
  assert.ok(allowed, `${where}: status ${status} is not one the contract uses`);
  assert.ok(allowed.includes(b.type as string), `${where}: type ${String(b.type)} for ${status}`);
  assert.equal(typeof b.code, 'string', `${where}: code is a string`);
  assert.match(b.code as string, /^[a-z0-9_]+$/, `${where}: code is a machine code`);
  assert.equal(typeof b.detail, 'string', `${where}: detail is a string`);
  assert.ok((b.detail as string).length > 0, `${where}: detail is not empty`);
  assert.ok(b.attr === null || typeof b.attr === 'string', `${where}: attr is a string or null`);
}

/** No CORS at all (security.md 21): not one Access-Control-* header, on any answer. */
export function assertNoCors(headers: IncomingHttpHeaders, where: string): void {
  const cors = Object.keys(headers).filter((h) => h.toLowerCase().startsWith('access-control-'));
  assert.deepEqual(cors, [], `${where}: no Access-Control-* header`);
}

/** Paths whose errors must be the JSON error shape (the UI's file server answers in text). */
export const isApiPath = (path: string) => {
  // Case-sensitive, as the router is: `/API/users/` is a page path, answered by the window.
  const p = path.split('?')[0].replace(/\/+$/, '');
  return p.startsWith('/api/') || p === '/api' || p === '/_health' || p === '/_preflight';
};
