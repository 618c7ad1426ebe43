import { type IndexKey, indexKeys, looseKey } from '../query/index-keys.ts';
import { attributeOf } from '../query/local-match.ts';
import { compareSpans, type SpanIndex, spanKey } from '../query/span-index.ts';
import type { AttributeValue, Span, SpanQuery } from '../types.ts';
import { ValueIndex } from './value-index.ts';

type Bucket = Iterable<Span> & { readonly size: number };

// Each attribute index holds every span carrying that attribute: past this many keys, further keys are scanned.
const MAX_ATTRIBUTE_INDEXES = 32;

function attributeKey(value: AttributeValue | undefined): string | undefined {
  // Only primitives can loosely equal a literal; arrays, objects and null never do.
  return value === undefined || value === null || typeof value === 'object' ? undefined : looseKey(value);
}

/**
 * The store's indexes: by trace (the store's own map), service, name, kind, incoming links, and by the value of every
 * attribute a query has asked about (built on that first query, then kept up to date).
 */
export class StoreIndex implements SpanIndex {
  readonly #traces: ReadonlyMap<string, ReadonlyMap<string, Span>>;
  readonly #service = new ValueIndex();
  readonly #name = new ValueIndex();
  readonly #kind = new ValueIndex();
  readonly #attributes = new Map<string, ValueIndex>();
  readonly #linkers = new Map<string, Span[]>();

  constructor(traces: ReadonlyMap<string, ReadonlyMap<string, Span>>) {
    this.#traces = traces;
  }

  add(span: Span): void {
    this.#service.add(span.service, span);
    this.#name.add(span.name, span);
    this.#kind.add(span.kind, span);
    for (const [key, index] of this.#attributes) {
      const value = attributeKey(attributeOf(span, key));
      if (value !== undefined) index.add(value, span);
    }
    for (const link of span.links) {
      const key = spanKey(link.traceId, link.spanId);
      const linkers = this.#linkers.get(key);
      if (linkers === undefined) this.#linkers.set(key, [span]);
      else linkers.push(span);
    }
  }

  remove(span: Span): void {
    this.#service.remove(span.service, span);
    this.#name.remove(span.name, span);
    this.#kind.remove(span.kind, span);
    for (const [key, index] of this.#attributes) {
      const value = attributeKey(attributeOf(span, key));
      if (value !== undefined) index.remove(value, span);
    }
    for (const link of span.links) {
      const key = spanKey(link.traceId, link.spanId);
      const rest = (this.#linkers.get(key) ?? []).filter((linker) => linker !== span);
      if (rest.length === 0) this.#linkers.delete(key);
      else this.#linkers.set(key, rest);
    }
  }

  clear(): void {
    for (const index of [this.#service, this.#name, this.#kind, ...this.#attributes.values()]) index.clear();
    this.#attributes.clear();
    this.#linkers.clear();
  }

  /** Every stored span in start-time order: a copy and a sort, for callers that need the whole store. */
  get spans(): readonly Span[] {
    return [...this.all()].sort(compareSpans);
  }

  *all(): Generator<Span> {
    for (const trace of this.#traces.values()) yield* trace.values();
  }

  get(traceId: string, spanId: string): Span | undefined {
    return this.#traces.get(traceId)?.get(spanId);
  }

  parentOf(span: Span): Span | undefined {
    return span.parentSpanId === undefined ? undefined : this.get(span.traceId, span.parentSpanId);
  }

  linkersOf(span: Span): readonly Span[] {
    return this.#linkers.get(spanKey(span.traceId, span.spanId)) ?? [];
  }

  /** The spans whose `dimension` equals `value` (live sets), for the store's byService/byName/byKind. */
  bucket(dimension: 'service' | 'name' | 'kind', value: string): ReadonlySet<Span> | undefined {
    return (dimension === 'service' ? this.#service : dimension === 'name' ? this.#name : this.#kind).get(value);
  }

  /** The smallest indexed candidate set for the query's own filters, or every span when none is indexed. */
  candidates(query: SpanQuery): Iterable<Span> {
    let best: Bucket[] | undefined;
    let bestSize = Number.POSITIVE_INFINITY;
    for (const key of indexKeys(query)) {
      const index = key.dimension === 'attribute' ? this.#attributeIndex(key.key as string) : undefined;
      if (key.dimension === 'attribute' && index === undefined) continue;
      const buckets = key.values.flatMap((value) => (index ? index.get(value) : this.#lookup(key, value)) ?? []);
      const size = buckets.reduce((sum, bucket) => sum + bucket.size, 0);
      if (size < bestSize) {
        best = buckets;
        bestSize = size;
      }
      if (size === 0) break;
    }
    if (best === undefined) return this.all();
    return best.length === 1 ? (best[0] as Iterable<Span>) : best.flatMap((bucket) => [...bucket]);
  }

  #lookup(key: IndexKey, value: string): Bucket | undefined {
    if (key.dimension === 'traceId') {
      const trace = this.#traces.get(value);
      return trace && { size: trace.size, [Symbol.iterator]: () => trace.values() };
    }
    return key.dimension === 'service'
      ? this.#service.get(value)
      : key.dimension === 'name'
        ? this.#name.get(value)
        : this.#kind.get(value);
  }

  #attributeIndex(key: string): ValueIndex | undefined {
    let index = this.#attributes.get(key);
    if (index === undefined) {
      if (this.#attributes.size >= MAX_ATTRIBUTE_INDEXES) return undefined;
      index = new ValueIndex();
      for (const span of this.all()) {
        const value = attributeKey(attributeOf(span, key));
        if (value !== undefined) index.add(value, span);
      }
      this.#attributes.set(key, index);
    }
    return index;
  }
}
