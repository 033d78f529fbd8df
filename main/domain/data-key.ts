/**
 * The data key: 32 bytes that encrypt secrets at rest (TOTP secrets), kept outside the database
 * (security.md 7, users-api.md §5).
 *
 * - `USERDESK_DATA_KEY` (64 hex characters, or base64 of 32 bytes) wins everywhere, so a headless
 *   server and the desktop app can share one data dir.
 * - Headless: `<dataDir>/data.key`, 64 hex characters, mode 0600.
 * - Desktop: `<dataDir>/data.key.sealed`, the key sealed by the OS keychain (Electron's
 *   `safeStorage`), through the `KeyCipher` the Electron shell passes in.
 *
 * Neither provider ever makes a new key while another form of the key exists in the data dir: a
 * fresh key would silently orphan every secret sealed under the old one.
 */
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const DATA_KEY_BYTES = 32;
export const DATA_KEY_ENV = 'USERDESK_DATA_KEY';
export const DATA_KEY_FILE = 'data.key';
export const SEALED_DATA_KEY_FILE = 'data.key.sealed';

export interface DataKeyProvider {
  /** The 32-byte key (a copy; callers may wipe it). Throws if the key cannot be had. */
  getKey(): Buffer;
  /** Where the key comes from, for logs and `userdesk` diagnostics. Never the key itself. */
  readonly description: string;
}

/** Electron's `safeStorage`, or anything with the same shape. */
export interface KeyCipher {
  isAvailable(): boolean;
  encrypt(plain: Buffer): Buffer;
  decrypt(sealed: Buffer): Buffer;
}

export interface DataKeyOptions {
  /** Defaults to `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Defaults to `crypto.randomBytes`. */
  randomBytes?: (n: number) => Buffer;
  /** Told when a key file had wider permissions than 0600 and was repaired. */
  onWarning?: (message: string) => void;
}

const POSIX = process.platform !== 'win32';

/** Parses `USERDESK_DATA_KEY`; undefined when unset; throws on any other bad value. */
export function parseEnvDataKey(value: string | undefined): Buffer | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  // base64 (padded or not) or base64url; the re-encoding must match, so one key has one spelling.
  const body = text.endsWith('=') ? text.slice(0, -1) : text;
  if (/^[A-Za-z0-9+/]{43}$/.test(body)) {
    const key = Buffer.from(body, 'base64');
    if (key.length === DATA_KEY_BYTES && key.toString('base64') === `${body}=`) return key;
  }
  if (/^[A-Za-z0-9_-]{43}$/.test(text)) {
    const key = Buffer.from(text, 'base64url');
    if (key.length === DATA_KEY_BYTES && key.toString('base64url') === text) return key;
  }
  // Never echo the value: it may be a real key with a typo.
  throw new Error(
    `${DATA_KEY_ENV} must be 64 hexadecimal characters or the base64 of 32 bytes ` +
      `(for example: openssl rand -hex 32)`,
  );
}

/**
 * Opens `file` for reading without following a symlink, checks it is a regular file owned by us
 * with no group/other permission (repairing a wider mode), and returns its bytes.
 */
function readPrivateFile(file: string, onWarning?: (message: string) => void): Buffer {
  const flags = fs.constants.O_RDONLY | (POSIX ? fs.constants.O_NOFOLLOW : 0);
  const fd = fs.openSync(file, flags);
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new Error(`${file} is not a regular file`);
    if (POSIX) {
      const uid = process.getuid?.();
      if (uid !== undefined && uid !== 0 && stat.uid !== uid) {
        throw new Error(`${file} belongs to another user (uid ${stat.uid}); refusing to use it`);
      }
      if ((stat.mode & 0o077) !== 0) {
        fs.fchmodSync(fd, 0o600);
        onWarning?.(
          `${file} was readable by other users (mode ${(stat.mode & 0o777).toString(8)}); ` +
            `reset to 0600. If others could read it, treat the key as exposed.`,
        );
      }
    }
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Creates `file` with `content` and mode 0600 without ever exposing a partial file: the bytes go to
 * a temporary file opened with 'wx' (O_EXCL), are fsynced, then hard-linked to the final name,
 * which fails if the name exists. Returns false if another process created `file` first.
 */
function createPrivateFileAtomically(
  file: string,
  content: Buffer,
  randomBytes: (n: number) => Buffer,
): boolean {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    try {
      if (POSIX) fs.fchmodSync(fd, 0o600); // the umask could only narrow it, but be explicit
      fs.writeSync(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    try {
      fs.linkSync(tmp, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
    if (POSIX) {
      try {
        const dirFd = fs.openSync(dir, 'r');
        try {
          fs.fsyncSync(dirFd);
        } finally {
          fs.closeSync(dirFd);
        }
      } catch {
        // Not every file system lets a directory be fsynced; the key file itself is durable.
      }
    }
    return true;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function decodeKeyFile(file: string, bytes: Buffer): Buffer {
  const text = bytes.toString('latin1').trim();
  if (!/^[0-9a-f]{64}$/.test(text)) {
    throw new Error(`${file} is corrupt: expected 64 hexadecimal characters. Restore it from a backup.`);
  }
  return Buffer.from(text, 'hex');
}

function exists(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

function cached(description: string, load: () => Buffer): DataKeyProvider {
  let key: Buffer | undefined;
  return {
    description,
    getKey() {
      key ??= load();
      return Buffer.from(key);
    },
  };
}

/** Reads `<dataDir>/data.key`, creating it (0600) on first use. */
function loadKeyFile(dataDir: string, options: DataKeyOptions): Buffer {
  const file = path.join(dataDir, DATA_KEY_FILE);
  const randomBytes = options.randomBytes ?? nodeRandomBytes;
  if (!exists(file)) {
    const sealed = path.join(dataDir, SEALED_DATA_KEY_FILE);
    if (exists(sealed)) {
      throw new Error(
        `${dataDir} holds a data key sealed by the desktop app's OS keychain (${SEALED_DATA_KEY_FILE}). ` +
          `Open it with the desktop app, or set ${DATA_KEY_ENV}.`,
      );
    }
    const key = randomBytes(DATA_KEY_BYTES);
    if (key.length !== DATA_KEY_BYTES) throw new RangeError('randomBytes returned the wrong length');
    if (createPrivateFileAtomically(file, Buffer.from(`${key.toString('hex')}\n`, 'latin1'), randomBytes)) {
      return key;
    }
    // Lost a race with another process: use the key it wrote.
  }
  return decodeKeyFile(file, readPrivateFile(file, options.onWarning));
}

/**
 * The headless provider: `USERDESK_DATA_KEY` if set (checked now, so a bad value fails at start-up),
 * else `<dataDir>/data.key`, read or created on the first `getKey()` and cached.
 */
export function fileDataKeyProvider(dataDir: string, options: DataKeyOptions = {}): DataKeyProvider {
  const envKey = parseEnvDataKey((options.env ?? process.env)[DATA_KEY_ENV]);
  if (envKey) return cached(`environment variable ${DATA_KEY_ENV}`, () => envKey);
  const file = path.join(dataDir, DATA_KEY_FILE);
  return cached(`key file ${file}`, () => loadKeyFile(dataDir, options));
}

/**
 * The desktop provider: the key lives in `<dataDir>/data.key.sealed`, sealed by `cipher`
 * (Electron's `safeStorage`). On first use it adopts an existing `data.key` (a data dir first served
 * headless), seals it and deletes the plain file; or else makes a new key. Without a usable cipher
 * (no OS keychain) it falls back to the 0600 key file, unless a sealed key already exists.
 */
export function wrappedDataKeyProvider(
  dataDir: string,
  cipher: KeyCipher,
  options: DataKeyOptions = {},
): DataKeyProvider {
  const envKey = parseEnvDataKey((options.env ?? process.env)[DATA_KEY_ENV]);
  if (envKey) return cached(`environment variable ${DATA_KEY_ENV}`, () => envKey);
  const sealedFile = path.join(dataDir, SEALED_DATA_KEY_FILE);
  const plainFile = path.join(dataDir, DATA_KEY_FILE);
  const randomBytes = options.randomBytes ?? nodeRandomBytes;

  if (!cipher.isAvailable()) {
    if (exists(sealedFile)) {
      throw new Error(
        `The OS keychain is unavailable, so the sealed data key in ${sealedFile} cannot be opened.`,
      );
    }
    return cached(`key file ${plainFile} (OS keychain unavailable)`, () => loadKeyFile(dataDir, options));
  }

  const openSealed = (): Buffer => {
    const key = cipher.decrypt(readPrivateFile(sealedFile, options.onWarning));
    if (key.length !== DATA_KEY_BYTES) throw new Error(`${sealedFile} did not unseal to a 32-byte key`);
    return key;
  };

  return cached(`sealed key file ${sealedFile} (OS keychain)`, () => {
    if (exists(sealedFile)) {
      if (exists(plainFile)) {
        options.onWarning?.(
          `Both ${sealedFile} and ${plainFile} exist; using the sealed key. Remove the plain file once you are sure it is not needed.`,
        );
      }
      return openSealed();
    }
    const adopting = exists(plainFile);
    const key = adopting
      ? decodeKeyFile(plainFile, readPrivateFile(plainFile, options.onWarning))
      : randomBytes(DATA_KEY_BYTES);
    if (key.length !== DATA_KEY_BYTES) throw new RangeError('randomBytes returned the wrong length');
    const sealed = cipher.encrypt(key);
    // Prove the round trip before the plain copy goes: a cipher that cannot open its own output
    // would otherwise lose the key.
    if (!cipher.decrypt(sealed).equals(key))
      throw new Error('The OS keychain did not round-trip the data key');
    if (!createPrivateFileAtomically(sealedFile, sealed, randomBytes)) return openSealed();
    if (adopting) fs.rmSync(plainFile, { force: true });
    return key;
  });
}
