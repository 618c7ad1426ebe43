import type { Span } from '../types.ts';

/** Spans bucketed by one string value each; buckets hold span objects by identity. */
export class ValueIndex {
  readonly #buckets = new Map<string, Set<Span>>();

  add(value: string, span: Span): void {
    const bucket = this.#buckets.get(value);
    if (bucket === undefined) this.#buckets.set(value, new Set([span]));
    else bucket.add(span);
  }

  remove(value: string, span: Span): void {
    const bucket = this.#buckets.get(value);
    if (bucket === undefined) return;
    bucket.delete(span);
    if (bucket.size === 0) this.#buckets.delete(value);
  }

  /** The bucket of `value` (live: do not keep it across changes to the store). */
  get(value: string): ReadonlySet<Span> | undefined {
    return this.#buckets.get(value);
  }

  clear(): void {
    this.#buckets.clear();
  }
}
