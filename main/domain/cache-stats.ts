/**
 * Process-wide hit counters of the read caches and the fast path: `npm run bench` reports them
 * (bench/probe.mjs reads this module inside the server) and the tests use them to prove a cache was
 * warm or the fast path was taken. Counting only — nothing here decides anything.
 */
export const cacheCounters = {
  caller: { hits: 0, misses: 0 },
  view: { hits: 0, misses: 0 },
  fastPath: { served: 0, passed: 0 },
};
