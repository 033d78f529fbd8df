import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import {
  DATA_KEY_ENV,
  fileDataKeyProvider,
  parseEnvDataKey,
  wrappedDataKeyProvider,
  type KeyCipher,
} from '../../main/domain/data-key.js';

const POSIX = process.platform !== 'win32';
const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'userdesk-data-key-'));
  dirs.push(dir);
  return dir;
}
after(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});
const noEnv = { env: {} };
const mode = (file: string) => fs.statSync(file).mode & 0o777;

/** A stand-in for Electron's safeStorage (unavailable under plain Node): AES-GCM under its own key. */
function testCipher(available = true): KeyCipher & { calls: number } {
  const osKey = randomBytes(32);
  return {
    calls: 0,
    isAvailable: () => available,
    encrypt(plain) {
      this.calls++;
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', osKey, iv);
      const ct = Buffer.concat([c.update(plain), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), ct]);
    },
    decrypt(sealed) {
      const d = createDecipheriv('aes-256-gcm', osKey, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([d.update(sealed.subarray(28)), d.final()]);
    },
  };
}

describe('USERDESK_DATA_KEY', () => {
  const key = randomBytes(32);

  it('accepts 64 hex characters, base64 (padded or not) and base64url of 32 bytes', () => {
    for (const text of [
      key.toString('hex'),
      key.toString('hex').toUpperCase(),
      key.toString('base64'),
      key.toString('base64').replace(/=$/, ''),
      key.toString('base64url'),
      ` ${key.toString('hex')}\n`,
    ]) {
      assert.deepEqual(parseEnvDataKey(text), key, text);
    }
    assert.equal(parseEnvDataKey(undefined), undefined);
  });

  it('throws a clear error, without echoing the value, for anything else', () => {
    const bad = [
      '',
      '   ',
      key.toString('hex').slice(1),
      `${key.toString('hex')}00`,
      randomBytes(16).toString('base64'),
      randomBytes(33).toString('base64'),
      'g'.repeat(64),
      `${key.toString('base64').slice(0, 42)}B=`,
    ];
    for (const text of bad) {
      assert.throws(
        () => parseEnvDataKey(text),
        (error: Error) =>
          error.message.includes(DATA_KEY_ENV) &&
          error.message.includes('64 hexadecimal') &&
          (text.trim() === '' || !error.message.includes(text.trim())),
        JSON.stringify(text),
      );
    }
  });

  it('wins over the key file, and no file is created', () => {
    const dir = tempDir();
    const provider = fileDataKeyProvider(dir, { env: { [DATA_KEY_ENV]: key.toString('hex') } });
    assert.deepEqual(provider.getKey(), key);
    assert.match(provider.description, /environment variable USERDESK_DATA_KEY/);
    assert.ok(!provider.description.includes(key.toString('hex')));
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('fails at construction (start-up) when the value is bad', () => {
    assert.throws(
      () => fileDataKeyProvider(tempDir(), { env: { [DATA_KEY_ENV]: 'nope' } }),
      /USERDESK_DATA_KEY/,
    );
    assert.throws(
      () => wrappedDataKeyProvider(tempDir(), testCipher(), { env: { [DATA_KEY_ENV]: 'nope' } }),
      /USERDESK_DATA_KEY/,
    );
  });
});

describe('fileDataKeyProvider', () => {
  it(
    'creates data.key with mode 0600 holding 64 hex characters, and leaves no temp file',
    { skip: !POSIX },
    () => {
      const dir = tempDir();
      const oldUmask = process.umask(0); // even a permissive umask must not widen the key file
      let key: Buffer;
      try {
        key = fileDataKeyProvider(dir, noEnv).getKey();
      } finally {
        process.umask(oldUmask);
      }
      const file = path.join(dir, 'data.key');
      assert.equal(mode(file), 0o600);
      assert.equal(key.length, 32);
      assert.equal(fs.readFileSync(file, 'latin1'), `${key.toString('hex')}\n`);
      assert.deepEqual(fs.readdirSync(dir), ['data.key']);
    },
  );

  it('creates the data dir if needed', () => {
    const dir = path.join(tempDir(), 'nested', 'data');
    const key = fileDataKeyProvider(dir, noEnv).getKey();
    assert.equal(fs.readFileSync(path.join(dir, 'data.key'), 'latin1').trim(), key.toString('hex'));
  });

  it('returns the same key on every call and in every later process, reading the file once', () => {
    const dir = tempDir();
    const provider = fileDataKeyProvider(dir, noEnv);
    const key = provider.getKey();
    assert.deepEqual(fileDataKeyProvider(dir, noEnv).getKey(), key);
    fs.rmSync(path.join(dir, 'data.key'));
    assert.deepEqual(provider.getKey(), key, 'cached after the first read');
    const copy = provider.getKey();
    copy.fill(0);
    assert.deepEqual(provider.getKey(), key, 'callers get a copy they may wipe');
    assert.ok(provider.description.includes(path.join(dir, 'data.key')));
  });

  it('uses the injected random source for a new key', () => {
    const dir = tempDir();
    const key = fileDataKeyProvider(dir, { env: {}, randomBytes: (n) => Buffer.alloc(n, 0x5a) }).getKey();
    assert.deepEqual(key, Buffer.alloc(32, 0x5a));
  });

  it('repairs a key file readable by others to 0600 and says so', { skip: !POSIX }, () => {
    const dir = tempDir();
    const key = fileDataKeyProvider(dir, noEnv).getKey();
    const file = path.join(dir, 'data.key');
    fs.chmodSync(file, 0o644);
    const warnings: string[] = [];
    assert.deepEqual(fileDataKeyProvider(dir, { env: {}, onWarning: (w) => warnings.push(w) }).getKey(), key);
    assert.equal(mode(file), 0o600);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /reset to 0600/);
    assert.ok(!warnings[0].includes(key.toString('hex')));
  });

  it('refuses a key file that is a symlink', { skip: !POSIX }, () => {
    const dir = tempDir();
    const elsewhere = path.join(tempDir(), 'k');
    fs.writeFileSync(elsewhere, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
    fs.symlinkSync(elsewhere, path.join(dir, 'data.key'));
    assert.throws(() => fileDataKeyProvider(dir, noEnv).getKey(), /ELOOP|symbolic link/i);
  });

  it('refuses a corrupt key file instead of replacing it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'data.key');
    for (const content of ['', 'abc\n', `${randomBytes(31).toString('hex')}\n`]
      .map((t) => Buffer.from(t))
      .concat(randomBytes(32))) {
      fs.writeFileSync(file, content, { mode: 0o600 });
      assert.throws(() => fileDataKeyProvider(dir, noEnv).getKey(), /corrupt/);
      assert.deepEqual(fs.readFileSync(file), content, 'left untouched');
    }
  });

  it('refuses to make a new key when the desktop app sealed one here', () => {
    const dir = tempDir();
    wrappedDataKeyProvider(dir, testCipher(), noEnv).getKey();
    assert.throws(() => fileDataKeyProvider(dir, noEnv).getKey(), /sealed by the desktop app/);
    assert.ok(!fs.existsSync(path.join(dir, 'data.key')));
  });

  it('gives every racing process the same key', { skip: !POSIX }, async () => {
    const dir = tempDir();
    const moduleUrl = pathToFileURL(
      fileURLToPath(new URL('../../main/domain/data-key.ts', import.meta.url)),
    ).href;
    const script = path.join(tempDir(), 'race.mts');
    fs.writeFileSync(
      script,
      `import { fileDataKeyProvider } from ${JSON.stringify(moduleUrl)};\n` +
        `process.stdout.write(fileDataKeyProvider(process.argv[2], { env: {} }).getKey().toString('hex'));\n`,
    );
    const run = promisify(execFile);
    const outputs = await Promise.all(
      Array.from({ length: 6 }, () =>
        run(process.execPath, ['--import', 'tsx', script, dir], { cwd: process.cwd() }),
      ),
    );
    const keys = new Set(outputs.map((o) => o.stdout));
    assert.equal(keys.size, 1);
    assert.equal(fs.readFileSync(path.join(dir, 'data.key'), 'latin1').trim(), [...keys][0]);
    assert.deepEqual(fs.readdirSync(dir), ['data.key'], 'no temp files left behind');
  });
});

describe('wrappedDataKeyProvider (safeStorage)', () => {
  it('keeps the key sealed in data.key.sealed (0600) and never writes it in the clear', () => {
    const dir = tempDir();
    const cipher = testCipher();
    const key = wrappedDataKeyProvider(dir, cipher, noEnv).getKey();
    const sealedFile = path.join(dir, 'data.key.sealed');
    assert.deepEqual(fs.readdirSync(dir), ['data.key.sealed']);
    if (POSIX) assert.equal(mode(sealedFile), 0o600);
    const sealed = fs.readFileSync(sealedFile);
    assert.ok(!sealed.includes(key) && !sealed.toString('latin1').includes(key.toString('hex')));
    assert.deepEqual(cipher.decrypt(sealed), key);
    assert.deepEqual(
      wrappedDataKeyProvider(dir, cipher, noEnv).getKey(),
      key,
      'the next start unseals the same key',
    );
  });

  it('adopts a key file left by a headless run, then deletes the plain copy', () => {
    const dir = tempDir();
    const key = fileDataKeyProvider(dir, noEnv).getKey();
    const cipher = testCipher();
    assert.deepEqual(wrappedDataKeyProvider(dir, cipher, noEnv).getKey(), key);
    assert.deepEqual(fs.readdirSync(dir), ['data.key.sealed']);
    assert.deepEqual(wrappedDataKeyProvider(dir, cipher, noEnv).getKey(), key);
  });

  it('falls back to the 0600 key file when the OS keychain is unavailable', () => {
    const dir = tempDir();
    const provider = wrappedDataKeyProvider(dir, testCipher(false), noEnv);
    const key = provider.getKey();
    assert.match(provider.description, /keychain unavailable/);
    assert.deepEqual(fs.readdirSync(dir), ['data.key']);
    assert.deepEqual(fileDataKeyProvider(dir, noEnv).getKey(), key);
  });

  it('refuses, rather than make a new key, when a sealed key exists but the keychain is gone', () => {
    const dir = tempDir();
    wrappedDataKeyProvider(dir, testCipher(), noEnv).getKey();
    assert.throws(() => wrappedDataKeyProvider(dir, testCipher(false), noEnv), /keychain is unavailable/);
  });

  it('fails loudly when the keychain cannot open the sealed key (another user or machine)', () => {
    const dir = tempDir();
    wrappedDataKeyProvider(dir, testCipher(), noEnv).getKey();
    assert.throws(() => wrappedDataKeyProvider(dir, testCipher(), noEnv).getKey());
    assert.ok(fs.existsSync(path.join(dir, 'data.key.sealed')), 'the sealed key is kept');
  });

  it('refuses a cipher that does not round-trip, and keeps the plain key it was adopting', () => {
    const dir = tempDir();
    const key = fileDataKeyProvider(dir, noEnv).getKey();
    const broken: KeyCipher = {
      isAvailable: () => true,
      encrypt: (b) => Buffer.from(b),
      decrypt: () => Buffer.alloc(32),
    };
    assert.throws(() => wrappedDataKeyProvider(dir, broken, noEnv).getKey(), /round-trip/);
    assert.deepEqual(fileDataKeyProvider(dir, noEnv).getKey(), key);
    assert.ok(!fs.existsSync(path.join(dir, 'data.key.sealed')));
  });

  it('lets USERDESK_DATA_KEY win here too', () => {
    const dir = tempDir();
    const key = randomBytes(32);
    const cipher = testCipher();
    assert.deepEqual(
      wrappedDataKeyProvider(dir, cipher, { env: { [DATA_KEY_ENV]: key.toString('base64') } }).getKey(),
      key,
    );
    assert.equal(cipher.calls, 0);
    assert.deepEqual(fs.readdirSync(dir), []);
  });
});
