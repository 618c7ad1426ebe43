import type { Span } from '../types.ts';

type Dimension = 'service' | 'name' | 'kind';
const DIMENSIONS: readonly Dimension[] = ['service', 'name', 'kind'];

function key(span: Span): string {
  return `${span.traceId}/${span.spanId}`;
}

/** Secondary indexes of spans by service, name and kind. */
export class MultiIndex {
  readonly #maps = new Map<Dimension, Map<string, Map<string, Span>>>(DIMENSIONS.map((d) => [d, new Map()]));

  /** Indexes a span. */
  add(span: Span): void {
    for (const dimension of DIMENSIONS) {
      const map = this.#maps.get(dimension) as Map<string, Map<string, Span>>;
      const bucket = map.get(span[dimension]) ?? new Map<string, Span>();
      bucket.set(key(span), span);
      map.set(span[dimension], bucket);
    }
  }

  /** Removes a span from every index. */
  remove(span: Span): void {
    for (const dimension of DIMENSIONS) {
      const map = this.#maps.get(dimension) as Map<string, Map<string, Span>>;
      const bucket = map.get(span[dimension]);
      bucket?.delete(key(span));
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
