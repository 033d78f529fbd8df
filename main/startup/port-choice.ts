import net from 'node:net';

/** Port the desktop app and `userdesk serve` prefer, so scripts and other tools can find the API. */
export const DEFAULT_PORT = 8765;

/** Resolves true when nothing listens on host:port (probed by binding and releasing it). */
export function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

function isAddressInUse(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') return true;
  }
  return false;
}

/**
 * Starts a server on the preferred port, or on a free one (port 0) when the preferred port is
 * taken — by another Userdesk, or anything else. The probe avoids a noisy failed start in the
 * common case; the retry covers the race where the port is taken between probe and listen.
 */
export async function startOnPreferredPort<T>(
  start: (port: number) => Promise<T>,
  opts: { host: string; preferred: number; log?: (line: string) => void },
): Promise<T> {
  if (opts.preferred === 0) return start(0);
  if (await isPortFree(opts.host, opts.preferred)) {
    try {
      return await start(opts.preferred);
    } catch (error) {
      if (!isAddressInUse(error)) throw error;
    }
  }
  opts.log?.(`Port ${opts.preferred} is in use; using a free port instead.`);
  return start(0);
}
