// Preloaded into the server under test (`node --import bench/probe.mjs dist/main/cli.js serve`):
// measures what only the server process can see — event-loop stalls (perf_hooks) and its own RSS —
// and answers {type: 'report'} messages on the IPC channel. Never loaded in production.
import { monitorEventLoopDelay } from 'node:perf_hooks';

const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
const rss = { start: process.memoryUsage.rss(), peak: 0, samples: 0 };
rss.peak = rss.start;
// The longest gap between two 10 ms ticks, minus the 10 ms: a stall as a user would feel it.
let last = performance.now();
let longestStall = 0;
const ticker = setInterval(() => {
  const now = performance.now();
  longestStall = Math.max(longestStall, now - last - 10);
  last = now;
  const current = process.memoryUsage.rss();
  if (current > rss.peak) rss.peak = current;
  rss.samples++;
}, 10);
ticker.unref();

// The server's own counters: the same module URL the server imports, so the same instance.
const countersUrl = new URL('../dist/main/domain/cache-stats.js', import.meta.url).href;
const counters = () =>
  import(countersUrl).then(
    (m) => structuredClone(m.cacheCounters),
    () => undefined,
  );

process.on('message', async (message) => {
  if (!message || typeof message !== 'object') return;
  if (message.type === 'report') {
    const caches = await counters();
    process.send?.({
      caches,
      type: 'report',
      rss: { start: rss.start, peak: rss.peak, now: process.memoryUsage.rss() },
      eventLoop: {
        maxMs: histogram.max / 1e6,
        p99Ms: histogram.percentile(99) / 1e6,
        meanMs: histogram.mean / 1e6,
        longestStallMs: Math.max(0, longestStall),
      },
    });
  } else if (message.type === 'reset') {
    histogram.reset();
    longestStall = 0;
    last = performance.now();
    rss.start = process.memoryUsage.rss();
    rss.peak = rss.start;
  }
});
// The IPC channel must not keep a killed parent's child alive, nor this one.
process.channel?.unref();
