import type { Span } from '../types.ts';

/** The spans of one value: an append-only list whose removed entries are skipped, then compacted away. */
export class Bucket {
  spans: Span[] = [];
  dead = 0;

  get size(): number {
    return this.spans.length - this.dead;
  }
}

/**
 * Spans bucketed by one string value each. Buckets are arrays (a slot per span, cheap to append); a removal only
 * counts, and a bucket is compacted once half of it is removed, so readers skip spans the store no longer holds.
 */
export class ValueIndex {
  readonly #buckets = new Map<string, Bucket>();
  readonly #isLive: (span: Span) => boolean;

  constructor(isLive: (span: Span) => boolean) {
    this.#isLive = isLive;
  }

  add(value: string, span: Span): void {
    let bucket = this.#buckets.get(value);
    if (bucket === undefined) {
      bucket = new Bucket();
      this.#buckets.set(value, bucket);
    }
    bucket.spans.push(span);
  }

  /** Call after the store dropped `span`. */
  remove(value: string, span: Span): void {
    const bucket = this.#buckets.get(value);
    if (bucket === undefined) return;
    bucket.dead += 1;
    if (bucket.size === 0) this.#buckets.delete(value);
    else if (bucket.dead * 2 >= bucket.spans.length) {
      const kept = new Set(bucket.spans.filter((s) => s !== span && this.#isLive(s)));
      bucket.spans = [...kept];
      bucket.dead = 0;
    }
  }

  /** Visits the live spans of `value`'s bucket until `visit` returns false; returns false when it stopped early. */
  each(value: string, visit: (span: Span) => unknown): boolean {
    const bucket = this.#buckets.get(value);
    if (bucket === undefined) return true;
    if (bucket.dead === 0) {
      for (const span of bucket.spans) if (visit(span) === false) return false;
      return true;
    }
    // A span evicted and added again sits in the list twice until the next compaction.
    const seen = new Set<Span>();
    for (const span of bucket.spans) {
      if (seen.has(span) || !this.#isLive(span)) continue;
      seen.add(span);
      if (visit(span) === false) return false;
    }
    return true;
  }

  /** How many live spans `value`'s bucket holds. */
  size(value: string): number {
    return this.#buckets.get(value)?.size ?? 0;
  }

  clear(): void {
    this.#buckets.clear();
  }
}
