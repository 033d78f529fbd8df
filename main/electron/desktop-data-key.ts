import type { SafeStorage } from 'electron';
import { wrappedDataKeyProvider, type DataKeyProvider, type KeyCipher } from '../domain/data-key.js';
import { chooseDataKeySource } from './data-key-source.js';

/** Seals the data key with the OS keystore; base64 because safeStorage works on strings. */
export function safeStorageCipher(safeStorage: SafeStorage): KeyCipher {
  return {
    isAvailable: () => safeStorage.isEncryptionAvailable(),
    encrypt: (plain: Buffer) => safeStorage.encryptString(plain.toString('base64')),
    decrypt: (sealed: Buffer) => Buffer.from(safeStorage.decryptString(sealed), 'base64'),
  };
}

/** The desktop app's data key: sealed by safeStorage where that means something, else the key file. Call after 'ready'. */
export function desktopDataKeyProvider(
  safeStorage: SafeStorage,
  dataDir: string,
  log: (line: string) => void,
): DataKeyProvider {
  const source = chooseDataKeySource({
    encryptionAvailable: safeStorage.isEncryptionAvailable(),
    platform: process.platform,
    linuxBackend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined,
  });
  const cipher = safeStorageCipher(safeStorage);
  if (source.kind === 'safeStorage') return wrappedDataKeyProvider(dataDir, cipher);
  // Reporting the cipher as unavailable makes the provider use the 0600 key file — and refuse,
  // rather than silently start a new key, when a key sealed by the keychain earlier exists.
  const provider = wrappedDataKeyProvider(dataDir, { ...cipher, isAvailable: () => false });
  log(`Data key: ${source.reason}; using ${provider.description}.`);
  return provider;
}
