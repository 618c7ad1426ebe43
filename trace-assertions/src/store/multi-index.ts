import type { Span } from '../types.ts';

type Dimension = 'service' | 'name' | 'kind';
const DIMENSIONS: readonly Dimension[] = ['service', 'name', 'kind'];

/** Secondary indexes of spans by service, name and kind. */
export class MultiIndex {
  // Buckets hold span objects by identity: the store removes exactly the object it added, and no key string is built.
  readonly #maps = new Map<Dimension, Map<string, Set<Span>>>(DIMENSIONS.map((d) => [d, new Map()]));

  /** Indexes a span. */
  add(span: Span): void {
    for (const dimension of DIMENSIONS) {
      const map = this.#maps.get(dimension) as Map<string, Set<Span>>;
      const bucket = map.get(span[dimension]);
      if (bucket === undefined) map.set(span[dimension], new Set([span]));
      else bucket.add(span);
    }
  }

  /** Removes a span from every index. */
  remove(span: Span): void {
    for (const dimension of DIMENSIONS) {
      const map = this.#maps.get(dimension) as Map<string, Set<Span>>;
      const bucket = map.get(span[dimension]);
      bucket?.delete(span);
      if (bucket?.size === 0) map.delete(span[dimension]);
    }
  }

  /** The spans whose `dimension` equals `value`. */
  get(dimension: Dimension, value: string): Span[] {
    return [...(this.#maps.get(dimension)?.get(value)?.values() ?? [])];
  }

  /** Empties every index. */
  clear(): void {
    for (const map of this.#maps.values()) map.clear();
  }
}
