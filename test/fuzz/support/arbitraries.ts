/**
 * fast-check generators for hostile requests: JSON bodies shaped like a route's schema but with
 * wrong types, nulls, huge and odd unicode strings, extreme numbers and deep nesting; raw bodies that
 * are not JSON at all; arbitrary headers, path segments and query strings.
 */
import fc from 'fast-check';
import type { JsonSchema } from '../../security/support/routes.js';

/** Strings that have broken parsers, validators, SQL, filesystems or logs somewhere. */
const NASTY = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  '\ud83d',
  '\u202eevil',
  '\ufeff',
  '𝔘𝔰𝔢𝔯𝔡𝔢𝔰𝔨',
  'Ünïcödé ✓ 中文 العربية',
  '../../etc/passwd',
  '..\\..\\windows',
  '%00',
  '%ZZ',
  "' OR 1=1 --",
  '"; DROP TABLE users; --',
  '<script>alert(1)</script>',
  '${7*7}{{7*7}}',
  '@me',
  '@current',
  'null',
  'undefined',
  'NaN',
  'true',
  '0',
  '-1',
  '1e999',
  '0x10',
  'phx_',
  `phx_${'A'.repeat(47)}`,
  '__proto__',
  'constructor',
  'toString',
  'a@b',
  'a@b.c',
  'A@EXAMPLE.COM',
  '123456',
  '000000',
  'abcde-fghjk',
  'ios',
  'web',
  '*',
  'user:read',
  'user:write',
];

export const nastyString = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(150, 151, 200, 254, 255, 512, 513, 4096, 100_000).map((n) => 'x'.repeat(n)),
  },
);

export const nastyNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(
    0,
    -0,
    -1,
    1,
    0.5,
    2 ** 31,
    2 ** 53,
    2 ** 63,
    1e308,
    -1e308,
    5e-324,
    Number.MAX_SAFE_INTEGER + 2,
  ),
);

/** A marker replaced, after JSON.stringify, by raw text nested this many levels deep. */
const DEEP_MARK = '__fuzz_deep_';
export const deepValue = fc
  .constantFrom(64, 200, 1_000, 5_000, 50_000, 200_000)
  .chain((depth) => fc.constantFrom(`${DEEP_MARK}a${depth}__`, `${DEEP_MARK}o${depth}__`));

/** Stands for a string just over the 1 MiB body limit (expanded at send time, like deep markers). */
export const HUGE_MARK = '__fuzz_huge__';

/**
 * Replaces deep markers with `[[[…]]]` / `{"a":{"a":…}}` of the requested depth and the huge marker
 * with 1 MiB of text. Bodies stay small and readable in counterexamples until they are sent.
 */
export function expandMarkers(json: string): string {
  return json
    .replace(/"__fuzz_deep_([ao])(\d+)__"/g, (_, kind: string, n: string) => {
      const depth = Number(n);
      return kind === 'a'
        ? `${'['.repeat(depth)}1${']'.repeat(depth)}`
        : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    })
    .replace(`"${HUGE_MARK}"`, `"${'x'.repeat(1024 * 1024)}"`);
}

/** Any JSON value, with nasty strings and numbers, and now and then a very deep one. */
export const anyJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 3, arbitrary: nastyString },
    { weight: 2, arbitrary: nastyNumber },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: deepValue },
    { weight: 2, arbitrary: fc.array(tie('value'), { maxLength: 4 }) },
    { weight: 2, arbitrary: fc.dictionary(nastyString, tie('value'), { maxKeys: 4 }) },
  ),
})).value;

/** A value the schema might accept (its enum, type and bounds), to get past validation and deeper. */
function plausible(schema: JsonSchema | undefined, depth: number): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return anyJson;
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.length) return fc.oneof(...variants.map((v) => plausible(v, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      if (schema.format === 'email') {
        return fc.oneof(fc.emailAddress(), fc.constantFrom('owner@example.com', 'A@EXAMPLE.COM', 'x@y'));
      }
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 60, 60) });
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -5, max: schema.maximum ?? 100_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -10, max: schema.maximum ?? 10, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(valueFor(schema.items, depth + 1), { maxLength: 5 });
    case 'object':
    case undefined:
      return objectFor(schema, depth + 1);
    default:
      return anyJson;
  }
}

/** Mostly plausible, sometimes any JSON, sometimes null, sometimes absurdly deep. */
export function valueFor(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 5, arbitrary: plausible(schema, depth) },
    { weight: 2, arbitrary: anyJson },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: deepValue },
  );
}

/** An object with any subset of the schema's properties (each value fuzzed) plus unknown keys. */
function objectFor(schema: JsonSchema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const props = schema.properties ?? {};
  const known = fc.record(
    Object.fromEntries(Object.entries(props).map(([k, v]) => [k, valueFor(v, depth)])),
    { requiredKeys: [] },
  );
  const extra = fc.dictionary(
    fc.oneof(
      nastyString,
      fc.constantFrom('personal_api_key', 'current_password', 'is_staff', 'id', 'uuid', '__proto__'),
    ),
    anyJson,
    { maxKeys: 2 },
  );
  return fc.tuple(known, extra).map(([k, e]) => ({ ...e, ...k }));
}

/** The raw body of a fuzzed request (undefined: none; markers not yet expanded) and its Content-Type. */
export interface FuzzBody {
  raw: string | undefined;
  contentType: string | undefined;
}

const CONTENT_TYPES = fc.oneof(
  { weight: 12, arbitrary: fc.constant('application/json') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/vnd.api+json',
      'application/merge-patch+json',
      'text/plain',
      'text/plain;charset=UTF-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/jsonx',
      'application/json, text/plain',
      '',
      ';',
      'application/json; charset=utf-16',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }).filter((s) => /^[\x20-\x7e]*$/.test(s)) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

/** Bodies for a route: schema-shaped most of the time, else any JSON, broken JSON or nothing. */
export function bodyFor(schema: JsonSchema | undefined): fc.Arbitrary<FuzzBody> {
  const json = fc.oneof(
    { weight: schema ? 8 : 1, arbitrary: schema ? objectFor(schema, 0) : anyJson },
    { weight: 2, arbitrary: anyJson },
    { weight: 1, arbitrary: fc.constantFrom(null, [], {}, 0, 'string', true, [{}]) },
  );
  const raw = fc.oneof(
    { weight: 10, arbitrary: json.map((v) => JSON.stringify(v) ?? 'null') },
    {
      weight: 2,
      arbitrary: fc.oneof(
        fc.string({ maxLength: 60 }),
        fc.constantFrom(
          '{',
          '{"a":',
          '[1,2',
          '{"email": "a@b.c",}',
          "{'a': 1}",
          'NaN',
          '\ufeff{}',
          '{"a":1}{"b":2}',
          '\u0000',
        ),
        json.map((v) => (JSON.stringify(v) ?? '').slice(0, -1)),
      ),
    },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant('') },
    // Just over the 1 MiB limit.
    { weight: 1, arbitrary: fc.constant(`{"first_name":"${HUGE_MARK}"}`) },
  );
  return fc.record({ raw, contentType: CONTENT_TYPES });
}

/** Header values Node's client will send (no CR/LF/NUL): printable ASCII and a little latin-1. */
const headerValue = fc.oneof(
  fc.string({ maxLength: 60 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
  fc.constantFrom(
    'null',
    'https://attacker.example',
    'http://127.0.0.1:1',
    'cross-site',
    'same-origin',
    'Bearer',
    'Bearer ',
    'Bearer phx_',
    `Bearer phx_${'A'.repeat(47)}`,
    'Basic YWRtaW46YWRtaW4=',
    `Bearer ${'x'.repeat(5000)}`,
    'sessionid=; csrftoken=',
    `sessionid=${'A'.repeat(43)}`,
    'gzip, deflate, br',
    'bytes=0-10',
    'DELETE',
    '*',
    '\xe9\xff',
  ),
);

export const fuzzHeaders = fc.dictionary(
  fc.constantFrom(
    'x-csrftoken',
    'origin',
    'sec-fetch-site',
    'authorization',
    'cookie',
    'accept',
    'accept-encoding',
    'accept-language',
    'x-forwarded-for',
    'x-forwarded-host',
    'forwarded',
    'x-http-method-override',
    'x-original-url',
    'range',
    'if-none-match',
    'user-agent',
    'referer',
    'x-requested-with',
  ),
  headerValue,
  { maxKeys: 3 },
);

/** A path segment where an id or uuid belongs: sometimes right, often hostile. */
export const fuzzSegment = fc.oneof(
  nastyString.map((s) => {
    try {
      return encodeURIComponent(s);
    } catch {
      return '%ED%A0%80'; // a lone surrogate cannot be encoded; send its (invalid) UTF-8 bytes instead
    }
  }),
  fc.constantFrom(
    '..',
    '.',
    '%2e%2e',
    '%2F',
    '%00',
    '%ZZ',
    '%',
    '%u0041',
    '@ME',
    '@me@me',
    '-1',
    '0',
    '1.5',
    '99999999999999999999',
  ),
  fc.uuid(),
);

/** A query string of well-known and junk parameters. */
export const fuzzQuery = fc
  .dictionary(
    fc.oneof(
      fc.constantFrom(
        'limit',
        'offset',
        'search',
        'email',
        'is_staff',
        'personal_api_key',
        'format',
        'token',
        'uuid',
      ),
      nastyString,
    ),
    fc.oneof(nastyString, nastyNumber.map(String)),
    { maxKeys: 3 },
  )
  .map((q) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) params.append(k, v);
    const s = params.toString();
    return s ? `?${s}` : '';
  });
