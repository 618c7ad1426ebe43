import type { StoredSpan } from '../otlp/wire-span.ts';

/**
 * The spans of one value: an append-only list. Spans removed from its front (the oldest: eviction drops the least
 * recently active traces) only move `head`; others are remembered in `removed` and skipped; both are compacted away.
 */
export class Bucket {
  spans: StoredSpan[] = [];
  /** Slots before `head` are removed. */
  head = 0;
  /** Created on the first removal not at the front: most buckets never see one. */
  removed: Set<StoredSpan> | undefined;

  get size(): number {
    return this.spans.length - this.head - (this.removed?.size ?? 0);
  }
}

// Moves the bucket's head past `span` when it is the first live span: no set entry for the removal.
function removeAtHead(bucket: Bucket, span: StoredSpan): boolean {
  if (bucket.spans[bucket.head] !== span || bucket.removed?.has(span) === true) return false;
  bucket.head += 1;
  const { removed, spans } = bucket;
  // Spans already removed behind it join the front run.
  while (removed !== undefined && bucket.head < spans.length && removed.delete(spans[bucket.head] as StoredSpan)) {
    bucket.head += 1;
  }
  return true;
}

/**
 * Spans bucketed by one string value each. Buckets are arrays (a slot per span, cheap to append); a removal is noted
 * in the bucket's removed set, which readers skip, and the bucket is compacted once half of it is removed. A removed
 * span added again takes its old slot back, so a bucket never holds a span twice.
 */
export class ValueIndex {
  readonly #buckets = new Map<string, Bucket>();
  // The bucket the last add went to: spans of a request arrive in runs of one service, kind or name.
  #lastValue: string | undefined;
  #lastBucket: Bucket | undefined;

  add(value: string, span: StoredSpan): void {
    let bucket = value === this.#lastValue ? this.#lastBucket : this.#buckets.get(value);
    if (bucket === undefined) {
      bucket = new Bucket();
      this.#buckets.set(value, bucket);
    }
    this.#lastValue = value;
    this.#lastBucket = bucket;
    if (bucket.removed === undefined || !bucket.removed.delete(span)) bucket.spans.push(span);
  }

  /** Call after the store dropped `span`. */
  remove(value: string, span: StoredSpan): void {
    const bucket = this.#buckets.get(value);
    if (bucket === undefined) return;
    if (!removeAtHead(bucket, span)) {
      bucket.removed ??= new Set();
      bucket.removed.add(span);
    }
    if (bucket.size === 0) this.#drop(value);
    else if ((bucket.head + (bucket.removed?.size ?? 0)) * 2 >= bucket.spans.length) compact(bucket);
  }

  /** Visits the live spans of `value`'s bucket until `visit` returns false; returns false when it stopped early. */
  each(value: string, visit: (span: StoredSpan) => unknown): boolean {
    const bucket = this.#buckets.get(value);
    if (bucket === undefined) return true;
    const { spans, removed, head } = bucket;
    if (removed === undefined) {
      for (let i = head; i < spans.length; i += 1) if (visit(spans[i] as StoredSpan) === false) return false;
      return true;
    }
    for (let i = head; i < spans.length; i += 1) {
      const span = spans[i] as StoredSpan;
      if (!removed.has(span) && visit(span) === false) return false;
    }
    return true;
  }

  /** The live spans of `value`'s bucket that pass `test`, in bucket order. */
  filter(value: string, test: (span: StoredSpan) => boolean): StoredSpan[] {
    const bucket = this.#buckets.get(value);
    if (bucket === undefined) return [];
    const { spans, removed, head } = bucket;
    const found: StoredSpan[] = [];
    for (let i = head; i < spans.length; i += 1) {
      const span = spans[i] as StoredSpan;
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
    this.#lastValue = undefined;
    this.#lastBucket = undefined;
  }

  #drop(value: string): void {
    this.#buckets.delete(value);
    if (value === this.#lastValue) {
      this.#lastValue = undefined;
      this.#lastBucket = undefined;
    }
  }
}

function compact(bucket: Bucket): void {
  const { removed, head } = bucket;
  const live = head === 0 ? bucket.spans : bucket.spans.slice(head);
  bucket.spans = removed === undefined ? live : live.filter((s) => !removed.has(s));
  bucket.head = 0;
  bucket.removed = undefined;
}
