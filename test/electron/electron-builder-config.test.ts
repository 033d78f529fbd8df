// electron-builder.yml checked against the installed electron-builder's own JSON schema, without
// running electron-builder (it needs the network and must never run here: see stack.md).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { Ajv } from 'ajv';

const require = createRequire(import.meta.url);
const builderLibDir = path.dirname(require.resolve('app-builder-lib/package.json'));
// The YAML parser electron-builder itself uses, resolved from its own dependencies.
const yaml = createRequire(path.join(builderLibDir, 'package.json'))('js-yaml') as {
  load(text: string): unknown;
};
/** The parts of the config these tests read; the schema test below checks the whole file. */
interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  npmRebuild: boolean;
  electronFuses: Record<string, boolean>;
  linux: { target: string[] };
  mac: { target: string[] };
  win: { target: string[] };
}
const config = yaml.load(
  readFileSync(new URL('../../electron-builder.yml', import.meta.url), 'utf8'),
) as BuilderConfig;
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  main: string;
};

test('electron-builder.yml is valid for the installed electron-builder', () => {
  const schema = JSON.parse(readFileSync(path.join(builderLibDir, 'scheme.json'), 'utf8')) as object;
  const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
  assert.equal(validate(config), true, JSON.stringify(validate.errors, null, 2));
});

test('identity, contents and native rebuild for Electron', () => {
  assert.equal(config.productName, 'Userdesk');
  assert.match(config.appId, /^[a-z]+(\.[a-z]+)+$/);
  assert.ok(config.files.includes('dist/**/*') && config.files.includes('package.json'));
  assert.ok(pkg.main.startsWith('dist/'), 'package.json main is inside the packaged files');
  assert.deepEqual(config.asarUnpack, ['**/node_modules/better-sqlite3/**/*.node']);
  assert.equal(config.asar, true);
  assert.equal(config.npmRebuild, true);
});

test('fuses: no runAsNode, no NODE_OPTIONS, cookie encryption, asar integrity, app only from asar', () => {
  assert.deepEqual(
    {
      runAsNode: config.electronFuses.runAsNode,
      enableNodeOptionsEnvironmentVariable: config.electronFuses.enableNodeOptionsEnvironmentVariable,
      enableCookieEncryption: config.electronFuses.enableCookieEncryption,
      enableEmbeddedAsarIntegrityValidation: config.electronFuses.enableEmbeddedAsarIntegrityValidation,
      onlyLoadAppFromAsar: config.electronFuses.onlyLoadAppFromAsar,
    },
    {
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    },
  );
});

test('targets: AppImage + deb, dmg + zip, nsis', () => {
  assert.deepEqual(config.linux.target, ['AppImage', 'deb']);
  assert.deepEqual(config.mac.target, ['dmg', 'zip']);
  assert.deepEqual(config.win.target, ['nsis']);
});
