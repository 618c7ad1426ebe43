import type { Span } from '../types.ts';

/** The spans of one value: an append-only list; removed entries are remembered, skipped, then compacted away. */
export class Bucket {
  spans: Span[] = [];
  /** Created on the first removal: most buckets never see one. */
  removed: Set<Span> | undefined;

  get size(): number {
    return this.spans.length - (this.removed?.size ?? 0);
  }
}

/**
 * Spans bucketed by one string value each. Buckets are arrays (a slot per span, cheap to append); a removal is noted
 * in the bucket's removed set, which readers skip, and the bucket is compacted once half of it is removed. A removed
 * span added again takes its old slot back, so a bucket never holds a span twice.
 */
export class ValueIndex {
  readonly #buckets = new Map<string, Bucket>();

  add(value: string, span: Span): void {
    let bucket = this.#buckets.get(value);
    if (bucket === undefined) {
      bucket = new Bucket();
      this.#buckets.set(value, bucket);
    }
    if (bucket.removed === undefined || !bucket.removed.delete(span)) bucket.spans.push(span);
  }

  /** Call after the store dropped `span`. */
  remove(value: string, span: Span): void {
    const bucket = this.#buckets.get(value);
    if (bucket === undefined) return;
    bucket.removed ??= new Set();
    const removed = bucket.removed;
    removed.add(span);
    if (bucket.size === 0) this.#buckets.delete(value);
    else if (removed.size * 2 >= bucket.spans.length) {
      bucket.spans = bucket.spans.filter((s) => !removed.has(s));
      bucket.removed = undefined;
    }
  }

  /** Visits the live spans of `value`'s bucket until `visit` returns false; returns false when it stopped early. */
  each(value: string, visit: (span: Span) => unknown): boolean {
    const bucket = this.#buckets.get(value);
    if (bucket === undefined) return true;
    const { spans, removed } = bucket;
    if (removed === undefined) {
      for (let i = 0; i < spans.length; i += 1) if (visit(spans[i] as Span) === false) return false;
      return true;
    }
    for (const span of spans) if (!removed.has(span) && visit(span) === false) return false;
    return true;
  }

  /** The live spans of `value`'s bucket that pass `test`, in bucket order. */
  filter(value: string, test: (span: Span) => boolean): Span[] {
    const bucket = this.#buckets.get(value);
    if (bucket === undefined) return [];
    const { spans, removed } = bucket;
    const found: Span[] = [];
    for (let i = 0; i < spans.length; i += 1) {
      const span = spans[i] as Span;
      if (test(span) && removed?.has(span) !== true) found.push(span);
    }
    return found;
  }

  /** How many distinct values have live spans. */
  get distinct(): number {
    return this.#buckets.size;
  }

  /** The values with live spans that pass `test`, and how many live spans they hold together. */
  values(test: (value: string) => boolean): { values: string[]; spans: number } {
    const values: string[] = [];
    let spans = 0;
    for (const [value, bucket] of this.#buckets) {
      if (!test(value)) continue;
      values.push(value);
      spans += bucket.size;
    }
    return { values, spans };
  }

  /** How many live spans `value`'s bucket holds. */
  size(value: string): number {
    return this.#buckets.get(value)?.size ?? 0;
  }

  clear(): void {
    this.#buckets.clear();
  }
}
