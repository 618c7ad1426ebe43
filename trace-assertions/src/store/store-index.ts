import { type StoredSpan, WireSpan } from '../otlp/wire-span.ts';
import { testsLabelsOnly } from '../query/compile-local.ts';
import { type IndexKey, indexKeys, looseKey } from '../query/index-keys.ts';
import { attributeOf } from '../query/local-match.ts';
import { matchValue } from '../query/matchers.ts';
import { compareSpans, type SpanIndex, spanKey } from '../query/span-index.ts';
import type { AttributeValue, Span, SpanLink, SpanQuery, ValueMatcher } from '../types.ts';
import { QueryReads, type StoredReads } from './query-reads.ts';
import type { TraceLookup } from './trace-table.ts';
import { ValueIndex } from './value-index.ts';

// Each attribute index holds every span carrying that attribute: past this many keys, further keys are scanned.
const MAX_ATTRIBUTE_INDEXES = 32;
// A name or service test runs once per distinct value instead of once per span when there are at most a quarter as
// many values as spans, and the spans of the passing values are taken when they are at most an eighth of all (so
// few that ordering them costs less than the scan they replace).
const VALUES_PER_SPAN = 4;
const MATCHED_PER_SPAN = 8;

interface Choice {
  readonly key: IndexKey;
  readonly index: ValueIndex | undefined;
}

function attributeKey(value: AttributeValue | undefined): string | undefined {
  // Only primitives can loosely equal a literal; arrays, objects and null never do.
  return value === undefined || value === null || typeof value === 'object' ? undefined : looseKey(value);
}

// Matchers whose answer for a value is the same on every call: not functions, not regexes that keep a lastIndex.
function isPure(matcher: ValueMatcher): boolean {
  if (typeof matcher === 'function') return false;
  return !(matcher instanceof RegExp) || (!matcher.global && !matcher.sticky);
}

// An indexed loop over a trace's spans, until `visit` returns false.
function visitAll(spans: readonly StoredSpan[], visit: (span: StoredSpan) => unknown): boolean {
  for (let i = 0; i < spans.length; i += 1) if (visit(spans[i] as StoredSpan) === false) return false;
  return true;
}

// Reads attributes of a stored span as attributeOf reads a span's, without building a span kept as bytes.
function attributeReader(span: StoredSpan): (key: string) => AttributeValue | undefined {
  if (!(span instanceof WireSpan)) return (key) => attributeOf(span, key);
  const attributes = span.readAttributes();
  const { resource } = span.source;
  return (key) => (key in attributes ? attributes[key] : resource[key]);
}

/**
 * The store's indexes: every span in arrival order, by trace (the store's own table), service, name, kind, incoming
 * links, and by the value of every attribute a query has asked about (built on that first query, then kept up to
 * date). Call remove() after the store dropped a span.
 */
export class StoreIndex implements SpanIndex {
  readonly #traces: TraceLookup;
  readonly #service = new ValueIndex();
  readonly #name = new ValueIndex();
  readonly #kind = new ValueIndex();
  // Every span in arrival order, one flat list: a scan no index narrows walks it like an array filter.
  readonly #all = new ValueIndex();
  readonly #attributes = new Map<string, ValueIndex>();
  readonly #linkers = new Map<string, Span[]>();
  readonly #reads: QueryReads;
  // Stored spans not built yet may be among the indexed ones: readers resolve what they hand out.
  #wireSpans = 0;

  constructor(traces: TraceLookup, reads: StoredReads) {
    this.#traces = traces;
    this.#reads = new QueryReads(reads);
  }

  add(span: StoredSpan): void {
    this.#all.add('', span);
    this.#service.add(span.service, span);
    this.#name.add(span.name, span);
    this.#kind.add(span.kind, span);
    // Most stores never index an attribute and most spans carry no link: no iterator for those.
    if (this.#attributes.size > 0) this.#addAttributes(span);
    if (span instanceof WireSpan) {
      this.#wireSpans += 1;
      return;
    }
    const { links } = span;
    for (let i = 0; i < links.length; i += 1) {
      const link = links[i] as SpanLink;
      const key = spanKey(link.traceId, link.spanId);
      const linkers = this.#linkers.get(key);
      if (linkers === undefined) this.#linkers.set(key, [span]);
      else linkers.push(span);
    }
  }

  #addAttributes(span: StoredSpan): void {
    const read = attributeReader(span);
    for (const [key, index] of this.#attributes) {
      const value = attributeKey(read(key));
      if (value !== undefined) index.add(value, span);
    }
  }

  remove(span: StoredSpan): void {
    this.#all.remove('', span);
    this.#service.remove(span.service, span);
    this.#name.remove(span.name, span);
    this.#kind.remove(span.kind, span);
    if (this.#attributes.size > 0) this.#removeAttributes(span);
    if (span instanceof WireSpan) this.#wireSpans -= 1;
    else if (span.links.length > 0) this.#removeLinker(span);
  }

  #removeAttributes(span: StoredSpan): void {
    const read = attributeReader(span);
    for (const [key, index] of this.#attributes) {
      const value = attributeKey(read(key));
      if (value !== undefined) index.remove(value, span);
    }
  }

  #removeLinker(span: Span): void {
    for (const link of span.links) {
      const key = spanKey(link.traceId, link.spanId);
      const rest = (this.#linkers.get(key) ?? []).filter((linker) => linker !== span);
      if (rest.length === 0) this.#linkers.delete(key);
      else this.#linkers.set(key, rest);
    }
  }

  clear(): void {
    for (const index of [this.#all, this.#service, this.#name, this.#kind]) index.clear();
    this.#attributes.clear();
    this.#linkers.clear();
    this.#wireSpans = 0;
  }

  /** Every stored span in start-time order: a copy and a sort, for callers that need the whole store. */
  get spans(): readonly Span[] {
    const all: Span[] = [];
    for (const spans of this.#traces.lists()) for (const span of spans) all.push(this.#read(span));
    return all.sort(compareSpans);
  }

  get(traceId: string, spanId: string): Span | undefined {
    const stored = this.#traces.get(traceId, spanId);
    return stored === undefined ? undefined : this.#read(stored);
  }

  parentOf(span: Span): Span | undefined {
    return span.parentSpanId === undefined ? undefined : this.get(span.traceId, span.parentSpanId);
  }

  linkersOf(span: Pick<Span, 'traceId' | 'spanId'>): readonly Span[] {
    return this.#linkers.get(spanKey(span.traceId, span.spanId)) ?? [];
  }

  /** The stored spans whose `dimension` equals `value`, for the store's byService/byName/byKind. */
  bucket(dimension: 'service' | 'name' | 'kind', value: string): Span[] {
    const spans: Span[] = [];
    this.#valueIndex(dimension).each(value, (span) => spans.push(this.#read(span)));
    return spans;
  }

  /**
   * Visits the smallest indexed candidate set for the query's own filters and trace-naming relations, or every span
   * when none is indexed, until `visit` returns false.
   */
  eachCandidate(query: SpanQuery, visit: (span: Span) => unknown): void {
    const best = this.#smallest(query) ?? this.#byDistinctValues(query);
    const through = this.#through(visit);
    if (best === undefined) this.#all.each('', through);
    else this.#visitChoice(best, query, through);
  }

  // Stored spans as the visitor's spans: themselves while every stored span is built.
  #through<R>(visit: (span: Span) => R): (span: StoredSpan) => R {
    if (this.#wireSpans === 0) return visit as (span: StoredSpan) => R;
    return (span) => visit(this.#read(span));
  }

  #read(stored: StoredSpan): Span {
    return this.#reads.read(stored);
  }

  /**
   * Runs a query's reads of this index: a span read is the same object throughout it (relations compare spans by
   * identity); once it returns, only the spans it returned stay kept.
   */
  query<T extends readonly Span[]>(run: () => T): T {
    return this.#wireSpans === 0 ? run() : this.#reads.run(run);
  }

  /** Runs reads of this index (see query) whose spans are for the caller alone: none not kept before stays kept. */
  scan<T extends readonly Span[]>(run: () => T): T {
    return this.#wireSpans === 0 ? run() : this.#reads.run(run, false);
  }

  /**
   * The candidate spans (see eachCandidate) that pass `test`. Each is tested as read for the test alone: only those
   * that pass are kept (a scan keeps nothing of the spans it does not return); a scan of built spans calls `test`
   * directly.
   */
  filter(query: SpanQuery, test: (span: Span) => boolean): Span[] {
    const best = this.#smallest(query) ?? this.#byDistinctValues(query);
    if (best === undefined && this.#wireSpans === 0) {
      return this.#all.filter('', test as (span: StoredSpan) => boolean) as Span[];
    }
    const found: Span[] = [];
    const visit = this.#keeping(test, found, testsLabelsOnly(query));
    if (best === undefined) this.#all.each('', visit);
    else this.#visitChoice(best, query, visit);
    return found;
  }

  // Visits stored spans into `found` when they pass `test`; a span read for the test is kept only when it passes.
  #keeping(test: (span: Span) => boolean, found: Span[], labelsOnly: boolean): (stored: StoredSpan) => void {
    if (this.#wireSpans > 0) return this.#reads.keeping(test, found, labelsOnly);
    return (stored) => {
      if (test(stored as Span)) found.push(stored as Span);
    };
  }

  #visitChoice(best: Choice, query: SpanQuery, visit: (span: StoredSpan) => unknown): void {
    if (best.key.dimension === 'traceId') {
      for (const traceId of best.key.values) if (!visitAll(this.#inTrace(traceId, query.spanId), visit)) return;
    } else {
      for (const value of best.key.values) if (best.index?.each(value, visit) === false) return;
    }
  }

  // A trace's candidates: only the span the query names by id, when it names one.
  #inTrace(traceId: string, spanId: string | undefined): readonly StoredSpan[] {
    if (spanId === undefined) return this.#traces.spansOf(traceId) ?? [];
    const span = this.#traces.get(traceId, spanId.toLowerCase());
    return span === undefined ? [] : [span];
  }

  /** The candidate spans as a list (see eachCandidate). */
  candidates(query: SpanQuery): Span[] {
    const spans: Span[] = [];
    this.eachCandidate(query, (span) => spans.push(span));
    return spans;
  }

  #smallest(query: SpanQuery): Choice | undefined {
    let best: Choice | undefined;
    let bestSize = Number.POSITIVE_INFINITY;
    const related = this.#relationTraces(query);
    for (const key of related === undefined ? indexKeys(query) : [...indexKeys(query), related]) {
      const index = this.#indexOf(key);
      if (index === undefined && key.dimension !== 'traceId') continue;
      let size = 0;
      for (const value of key.values) size += index ? index.size(value) : (this.#traces.spansOf(value)?.length ?? 0);
      if (size < bestSize) {
        best = { key, index };
        bestSize = size;
      }
      if (size === 0) break;
    }
    return best;
  }

  /**
   * The spans of the names (or services) that pass the query's name (or service) matcher, tested once per distinct
   * value: for a matcher no equality index answers (contains, a pattern, a range), when the values are few.
   */
  #byDistinctValues(query: SpanQuery): Choice | undefined {
    const live = this.#all.size('');
    for (const dimension of ['name', 'service'] as const) {
      const matcher = query[dimension];
      const index = this.#valueIndex(dimension);
      if (matcher === undefined || !isPure(matcher) || index.distinct * VALUES_PER_SPAN > live) continue;
      const passing = index.values((value) => matchValue(matcher, value));
      if (passing.spans * MATCHED_PER_SPAN <= live) return { key: { dimension, values: passing.values }, index };
    }
    return undefined;
  }

  /** The traces a span passing the query's relations must be in, when a relation names its trace. */
  #relationTraces(query: SpanQuery): IndexKey | undefined {
    // A parent or (parent-only) ancestor lies in the span's own trace.
    const within = query.parent?.traceId ?? query.ancestor?.traceId;
    if (within !== undefined) return { dimension: 'traceId', values: [within.toLowerCase()] };
    const from = query.ancestorOrLinked?.traceId;
    return from === undefined ? undefined : { dimension: 'traceId', values: this.#linkedClosure(from.toLowerCase()) };
  }

  /** `traceId` and every trace holding a span that links into one of them, transitively. */
  #linkedClosure(traceId: string): string[] {
    const traces = new Set([traceId]);
    if (this.#linkers.size === 0) return [traceId];
    // A Set visits the entries added while it is iterated.
    for (const id of traces) {
      for (const span of this.#traces.spansOf(id) ?? []) {
        for (const linker of this.linkersOf(span)) traces.add(linker.traceId);
      }
    }
    return [...traces];
  }

  #indexOf(key: IndexKey): ValueIndex | undefined {
    if (key.dimension === 'traceId') return undefined;
    if (key.dimension === 'attribute') return this.#attributeIndex(key.key as string);
    return this.#valueIndex(key.dimension);
  }

  #valueIndex(dimension: 'service' | 'name' | 'kind'): ValueIndex {
    return dimension === 'service' ? this.#service : dimension === 'name' ? this.#name : this.#kind;
  }

  #attributeIndex(key: string): ValueIndex | undefined {
    let index = this.#attributes.get(key);
    if (index === undefined) {
      if (this.#attributes.size >= MAX_ATTRIBUTE_INDEXES) return undefined;
      index = new ValueIndex();
      for (const spans of this.#traces.lists()) {
        for (const span of spans) {
          const value = attributeKey(attributeReader(span)(key));
          if (value !== undefined) index.add(value, span);
        }
      }
      this.#attributes.set(key, index);
    }
    return index;
  }
}
