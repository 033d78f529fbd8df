import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
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
export const UNSAFE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];
const UNSAFE = new Set(UNSAFE_METHODS);

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
  const raw = await readBody(c);
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

// The rest of the body is never read: the connection ends with the answer, so a client streaming
// a body without end (or declaring gigabytes) cannot keep the server reading and discarding it.
const tooLarge = () =>
  new ApiError(413, 'invalid_request', 'request_too_large', 'Request body is larger than 1 MiB.', null, {
    Connection: 'close',
  });

/**
 * Served by node:http, the body is read from the Node request itself. Going through
 * `c.req.raw.body` makes the adapter build an undici Request, whose AbortSignal a
 * FinalizationRegistry holds until a full GC: ~4.5 KB per write promoted to V8's old space, most of
 * the server's RSS peak under a write load (bench, issue 13). Without a Node request (app.request()
 * in tests) the Web body is read as before.
 */
function readBody(c: Context<AppEnv>): Promise<Uint8Array> {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming && typeof incoming.on === 'function' && !incoming.readableDidRead) {
    return readIncomingCapped(incoming);
  }
  return c.req.raw.body ? readCapped(c.req.raw.body) : Promise.resolve(new Uint8Array());
}

function readIncomingCapped(incoming: IncomingMessage): Promise<Uint8Array> {
  if (incoming.readableEnded) return Promise.resolve(new Uint8Array());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const settle = (done: () => void) => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', endedEarly);
      incoming.off('close', endedEarly);
      done();
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > MAX_BODY_BYTES) {
        incoming.pause();
        settle(() => reject(tooLarge()));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => settle(() => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total)));
    // The client went away mid-body ('aborted', then 'close'): there is no one to answer, and it is
    // no fault of the server's, so no error is logged — the answer is the contract's 400.
    const endedEarly = () =>
      settle(() =>
        reject(
          new ApiError(
            400,
            'invalid_request',
            'parse_error',
            'JSON parse error - the request body ended early.',
          ),
        ),
      );
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', endedEarly);
    incoming.on('close', endedEarly);
  });
}

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
