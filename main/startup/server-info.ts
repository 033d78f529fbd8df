import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** `<dataDir>/server.json`: how other tools on this machine find the running local API. */
export interface ServerInfo {
  url: string;
  pid: number;
}

export function serverInfoPath(dataDir: string): string {
  return path.join(dataDir, 'server.json');
}

/** Writes server.json atomically (temp file + rename) so a reader never sees half a file. */
export function writeServerInfo(dataDir: string, info: ServerInfo): void {
  const target = serverInfoPath(dataDir);
  const temp = `${target}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify({ url: info.url, pid: info.pid })}\n`);
  renameSync(temp, target);
}

/**
 * Removes server.json on shutdown, but only if it still names this process: a second server
 * (say `userdesk serve` on another port) may have replaced it meanwhile.
 */
export function removeServerInfoIfOurs(dataDir: string, pid: number): void {
  const target = serverInfoPath(dataDir);
  try {
    const info = JSON.parse(readFileSync(target, 'utf8')) as Partial<ServerInfo>;
    if (info.pid === pid) rmSync(target, { force: true });
  } catch {
    // Missing or unreadable: nothing of ours to remove.
  }
}
