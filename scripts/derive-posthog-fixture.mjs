// Derives test/fixtures/posthog-users-schemas.json from PostHog's OpenAPI excerpt in ../shared:
// the User and PaginatedUserList schemas and every schema they reference, keeping only structural
// facts (types, formats, enums, required, nullable, readOnly/writeOnly, lengths, patterns, $refs)
// and dropping all description, title and example text. `npm test` reads the fixture, never
// ../shared, so a clone without it still runs. Re-run after the excerpt changes:
//   node scripts/derive-posthog-fixture.mjs
// (`yaml` comes with @hono/zod-openapi.)
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sourceFile = path.resolve(root, '../shared/reference/posthog-openapi-users.yaml');
const outFile = path.join(root, 'test/fixtures/posthog-users-schemas.json');

const text = readFileSync(sourceFile, 'utf8');
const commit = /commit ([0-9a-f]{40})/.exec(text)?.[1];
if (!commit) throw new Error('The excerpt no longer names its source commit.');
const schemas = parse(text).components.schemas;

const STRUCTURAL = new Set([
  'type',
  'format',
  'enum',
  'nullable',
  'readOnly',
  'writeOnly',
  'required',
  'properties',
  'items',
  'additionalProperties',
  'allOf',
  'oneOf',
  'anyOf',
  '$ref',
  'maxLength',
  'minLength',
  'pattern',
  'minimum',
  'maximum',
]);

function strip(node) {
  if (Array.isArray(node)) return node.map(strip);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (!STRUCTURAL.has(key)) continue;
    // Under `properties` the keys are field names, every one kept.
    out[key] =
      key === 'properties'
        ? Object.fromEntries(Object.entries(value).map(([name, s]) => [name, strip(s)]))
        : strip(value);
  }
  return out;
}

function refsOf(node, found = new Set()) {
  if (Array.isArray(node)) node.forEach((n) => refsOf(n, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref') found.add(value.replace('#/components/schemas/', ''));
      else refsOf(value, found);
    }
  }
  return found;
}

const wanted = ['User', 'PaginatedUserList'];
const kept = {};
while (wanted.length) {
  const name = wanted.pop();
  if (kept[name]) continue;
  if (!schemas[name]) throw new Error(`Missing schema ${name}`);
  kept[name] = strip(schemas[name]);
  wanted.push(...refsOf(kept[name]));
}

const fixture = {
  $comment:
    'Structural facts only (types, formats, enums, required, nullable, readOnly/writeOnly; no description text) ' +
    'of the User and PaginatedUserList schemas and the schemas they reference, derived by ' +
    'scripts/derive-posthog-fixture.mjs from ../shared/reference/posthog-openapi-users.yaml, an excerpt of ' +
    `PostHog's frontend/src/generated/openapi.yaml (repository PostHog/posthog, commit ${commit}).`,
  source: {
    repository: 'PostHog/posthog',
    path: 'frontend/src/generated/openapi.yaml',
    commit,
    openapi: '3.0.3',
  },
  schemas: Object.fromEntries(
    Object.keys(kept)
      .sort()
      .map((k) => [k, kept[k]]),
  ),
};
// Formatted as the repo's prettier config wants, so `npm run lint` stays green after a re-run.
const options = { ...(await prettier.resolveConfig(outFile)), filepath: outFile };
writeFileSync(outFile, await prettier.format(JSON.stringify(fixture), options));
console.log(`wrote ${path.relative(root, outFile)}: ${Object.keys(kept).sort().join(', ')}`);
