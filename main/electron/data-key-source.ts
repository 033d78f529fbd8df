// Which protection the data key (for secrets at rest) gets in the desktop app. Pure, so tested.

export interface SafeStorageStatus {
  encryptionAvailable: boolean;
  platform: NodeJS.Platform;
  /** safeStorage.getSelectedStorageBackend() on Linux; undefined elsewhere. */
  linuxBackend?: string;
}

export type DataKeySource = { kind: 'safeStorage' } | { kind: 'file'; reason: string };

/**
 * safeStorage when the OS keystore really protects the key; otherwise the 0600 key file, with the
 * reason logged. On Linux without a keyring Electron reports encryption as available but uses
 * 'basic_text' — a password hard-coded in Chromium — which would only pretend to protect the key.
 */
export function chooseDataKeySource(status: SafeStorageStatus): DataKeySource {
  if (!status.encryptionAvailable) {
    return { kind: 'file', reason: 'safeStorage is unavailable on this system' };
  }
  if (
    status.platform === 'linux' &&
    (status.linuxBackend === 'basic_text' || status.linuxBackend === 'unknown')
  ) {
    return { kind: 'file', reason: `no OS keyring is in use (safeStorage backend "${status.linuxBackend}")` };
  }
  return { kind: 'safeStorage' };
}
