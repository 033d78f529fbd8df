import autocannon from 'autocannon';

/** One request autocannon sends; `setup` may rewrite it per request (path, body, headers). */
export interface LoadRequest {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  setup?: (request: {
    method: string;
    path: string;
    headers: Record<string, string>;
    body?: string;
  }) => unknown;
}

export interface LoadResult {
  /** Mean requests per second over the run. */
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  durationS: number;
  connections: number;
}

/** The q-quantile of sorted samples (nearest rank). */
function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/**
 * Runs autocannon against `url` for `duration` seconds with `connections` connections. With
 * `exactLatency`, percentiles come from every response's own time (autocannon's histogram rounds to
 * whole milliseconds, too coarse for a sub-millisecond baseline); otherwise from that histogram.
 */
export function runLoad(
  url: string,
  request: LoadRequest,
  options: { connections: number; duration: number; exactLatency?: boolean },
): Promise<LoadResult> {
  const times: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: options.connections,
        duration: options.duration,
        pipelining: 1,
        requests: [
          {
            method: request.method ?? 'GET',
            path: request.path,
            headers: request.headers,
            body: request.body,
            ...(request.setup ? { setupRequest: request.setup as never } : {}),
          },
        ],
      },
      (error, result) => {
        if (error || !result) {
          reject(error ?? new Error('autocannon gave no result'));
          return;
        }
        const sorted = Float64Array.from(times).sort();
        resolve({
          rps: result.requests.average,
          p50: options.exactLatency ? Math.round(quantile(sorted, 0.5) * 1000) / 1000 : result.latency.p50,
          p99: options.exactLatency ? Math.round(quantile(sorted, 0.99) * 1000) / 1000 : result.latency.p99,
          requests: result.requests.total,
          errors: result.errors,
          timeouts: result.timeouts,
          non2xx: result.non2xx,
          durationS: result.duration,
          connections: options.connections,
        });
      },
    );
    // Only when asked: a listener on every response slows the load generator itself, which on a
    // 2-core machine caps the throughput runs.
    if (options.exactLatency) {
      instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
        times.push(ms);
      });
    }
  });
}
