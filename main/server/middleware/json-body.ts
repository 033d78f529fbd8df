import type { MiddlewareHandler } from 'hono';
import { ApiError, Messages } from '../../../shared/errors.js';
import type { AppEnv } from '../env.js';

export const MAX_BODY_BYTES = 1024 * 1024;
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const isUnsafe = (method: string) => UNSAFE.has(method);

/**
 * Reads the body of unsafe requests once: refuses more than 1 MiB (413), anything but JSON (415 —
 * which also closes the form/text "simple request" CSRF path), and malformed JSON (400 parse_error).
 * The parsed value is `c.var.body`, and is cached for the route validators.
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
    throw new ApiError(400, 'invalid_request', 'parse_error', `JSON parse error - ${(error as Error).message}`);
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
  for await (const chunk of stream) {
    total += chunk.byteLength;
    if (total > MAX_BODY_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
