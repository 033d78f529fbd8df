// The desktop app's data key, sealed by the OS keychain (Electron's safeStorage) in
// <dataDir>/data.key.sealed. Main unseals it and hands it to the server process over the protocol
// (shared/server-protocol.ts), so the server never reads a key file when a sealed key exists.
// This file may not import main/domain (the main process never loads server code), so the few
// file rules of main/domain/data-key.ts that apply to the sealed file are repeated here.
import type { SafeStorage } from 'electron';
import { randomBytes } from 'node:crypto';
import {
  constants,
  existsSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  closeSync,
  fstatSync,
} from 'node:fs';
import path from 'node:path';
import { chooseDataKeySource } from './data-key-source.js';

export const SEALED_DATA_KEY_FILE = 'data.key.sealed';
const PLAIN_DATA_KEY_FILE = 'data.key';
const KEY_BYTES = 32;

/** What main puts in the `start` message: the key (hex), or null for the server's own source. */
export interface HandedOverKey {
  hex: string | null;
  description: string;
}

/** Reads a file we own without following a symlink; refuses anything but a regular file. */
function readOwnFile(file: string): Buffer {
  const fd = openSync(file, constants.O_RDONLY | (process.platform === 'win32' ? 0 : constants.O_NOFOLLOW));
  try {
    if (!fstatSync(fd).isFile()) throw new Error(`${file} is not a regular file`);
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Unseals (or on first launch creates and seals) the data key. A data dir first served headless
 * has a plain data.key: it is adopted, sealed, and the plain file removed once the seal is proven.
 * Throws one sentence when a sealed key exists but the keychain is unavailable.
 */
export function dataKeyForServer(
  safeStorage: Pick<
    SafeStorage,
    'isEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptString' | 'decryptString'
  >,
  dataDir: string,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): HandedOverKey {
  // The server reads USERDESK_DATA_KEY itself; it wins everywhere (domain/data-key.ts).
  if (env.USERDESK_DATA_KEY) return { hex: null, description: 'environment variable USERDESK_DATA_KEY' };
  const sealedFile = path.join(dataDir, SEALED_DATA_KEY_FILE);
  const plainFile = path.join(dataDir, PLAIN_DATA_KEY_FILE);
  const source = chooseDataKeySource({
    encryptionAvailable: safeStorage.isEncryptionAvailable(),
    platform: process.platform,
    linuxBackend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined,
  });
  if (source.kind === 'file') {
    if (existsSync(sealedFile)) {
      throw new Error(
        `The OS keychain is unavailable, so the sealed data key in ${sealedFile} cannot be opened.`,
      );
    }
    log(`Data key: ${source.reason}; the server uses the key file ${plainFile}.`);
    return { hex: null, description: `key file ${plainFile}` };
  }
  const unseal = (sealed: Buffer): Buffer => {
    const key = Buffer.from(safeStorage.decryptString(sealed), 'base64');
    if (key.length !== KEY_BYTES) throw new Error(`${sealedFile} did not unseal to a 32-byte key.`);
    return key;
  };
  const described = (key: Buffer): HandedOverKey => ({
    hex: key.toString('hex'),
    description: `sealed key file ${sealedFile} (OS keychain)`,
  });
  if (existsSync(sealedFile)) return described(unseal(readOwnFile(sealedFile)));

  const adopting = existsSync(plainFile);
  const key = adopting
    ? Buffer.from(readOwnFile(plainFile).toString('latin1').trim(), 'hex')
    : randomBytes(KEY_BYTES);
  if (key.length !== KEY_BYTES)
    throw new Error(`${plainFile} is corrupt: expected 64 hexadecimal characters.`);
  const sealed = safeStorage.encryptString(key.toString('base64'));
  // Prove the round trip before the plain copy goes: a keychain that cannot open its own output
  // would otherwise lose the key.
  if (!unseal(sealed).equals(key)) throw new Error('The OS keychain did not round-trip the data key.');
  try {
    writeFileSync(sealedFile, sealed, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    // Another launch sealed one first: use that.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return described(unseal(readOwnFile(sealedFile)));
    throw error;
  }
  if (adopting) rmSync(plainFile, { force: true });
  return described(key);
}
