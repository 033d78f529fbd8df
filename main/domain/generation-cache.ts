import type { Db } from '../db/open.js';
import { dbGeneration } from './db-generation.js';

/**
 * A size-bounded map whose entries are valid only while the database is unchanged (see
 * dbGeneration): any write, here or in another process, empties it on the next read. Least recently
 * used entries go first when it is full. Exact rather than time-based, so nothing stale is served.
 */
export class GenerationCache<V> {
  private readonly entries = new Map<string, V>();
  private validFor: string | null = null;

  constructor(
    private readonly db: Db,
    private readonly capacity: number,
    private readonly counter: { hits: number; misses: number },
  ) {}

  /** The cached value, or `build()`'s (cached unless the database is mid-transaction). */
  get<T extends V>(key: string, build: () => T | undefined): V | undefined {
    const generation = dbGeneration(this.db);
    if (generation === null) return build();
    if (generation !== this.validFor) {
      this.entries.clear();
      this.validFor = generation;
    }
    const cached = this.entries.get(key);
    if (cached !== undefined) {
      this.counter.hits++;
      // Re-insert: Map keeps insertion order, so the first key is the least recently used.
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    this.counter.misses++;
    const value = build();
    if (value === undefined) return undefined;
    // build() may itself have written (an expired row deleted): stamp with the state after it.
    const after = dbGeneration(this.db);
    if (after !== this.validFor) {
      this.entries.clear();
      this.validFor = after;
    }
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, value);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}
