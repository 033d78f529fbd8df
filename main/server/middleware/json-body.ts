import type { MiddlewareHandler } from 'hono';
import { ApiError, Messages } from '../../../shared/errors.js';
import type { AppEnv } from '../env.js';

export const MAX_BODY_BYTES = 1024 * 1024;
/**
 * Deepest nesting a body may have. JSON.parse copes with any depth, but JSON.stringify (storing a
 * free-form field such as hedgehog_config, or rendering the user later) recurses and overflows the
 * stack somewhere past a few thousand levels: a 500 now, or a stored value that breaks every later
 * read of the user. No real body comes near this.
 */
export const MAX_BODY_DEPTH = 64;
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const isUnsafe = (method: string) => UNSAFE.has(method);

/**
 * Reads the body of unsafe requests once: refuses more than 1 MiB (413), anything but JSON (415 —
 * which also closes the form/text "simple request" CSRF path), and malformed JSON (400 parse_error).
 * The parsed value is `c.get('body')`, and is cached for the route validators.
 */
export const jsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!isUnsafe(c.req.method)) return next();
  const declared = Number(c.req.header('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const raw = c.req.raw.body ? await readCapped(c.req.raw.body) : new Uint8Array();
  if (raw.byteLength === 0) {
    // Like DRF, an empty body is an empty object: validators then report the missing fields.
    c.set('body', undefined);
    c.req.bodyCache.text = Promise.resolve('{}') as never;
    (c.req.bodyCache as Record<string, unknown>).json = Promise.resolve({});
    return next();
  }
  const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json' && !/^application\/[\w.+-]*\+json$/.test(type)) {
    throw new ApiError(415, 'invalid_request', 'unsupported_media_type', Messages.unsupportedMediaType(type));
  }
  const text = new TextDecoder().decode(raw);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ApiError(
      400,
      'invalid_request',
      'parse_error',
      `JSON parse error - ${(error as Error).message}`,
    );
  }
  if (nestingDepth(parsed) > MAX_BODY_DEPTH) {
    throw new ApiError(
      400,
      'invalid_request',
      'parse_error',
      `JSON parse error - nesting deeper than ${MAX_BODY_DEPTH} levels.`,
    );
  }
  c.set('body', parsed);
  // Hono's body cache: the route validators read this instead of the consumed stream.
  c.req.bodyCache.text = Promise.resolve(text) as never;
  (c.req.bodyCache as Record<string, unknown>).json = Promise.resolve(parsed);
  await next();
};

const tooLarge = () =>
  new ApiError(413, 'invalid_request', 'request_too_large', 'Request body is larger than 1 MiB.');

async function readCapped(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    total += next.value.byteLength;
    if (total > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(next.value);
  }
  return Buffer.concat(chunks);
}

/** How deep arrays and objects nest in a parsed JSON value, found without recursion. */
function nestingDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > deepest) deepest = depth + 1;
    if (deepest > MAX_BODY_DEPTH) return deepest;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return deepest;
}
