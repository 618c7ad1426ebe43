import type { StoredSpan } from '../otlp/wire-span.ts';

// Up to this many spans a trace finds a span id by a linear search; past it, by a map (a map entry per span costs more
// memory than the array slot, and a search over a few spans is as fast as the lookup).
const LINEAR_LOOKUP = 16;

/** What the indexes read from the stored traces. */
export interface TraceLookup {
  /** The spans of one trace, in arrival order, or undefined when none is stored. */
  spansOf(traceId: string): readonly StoredSpan[] | undefined;
  get(traceId: string, spanId: string): StoredSpan | undefined;
  /** Every trace's spans, the least recently active trace first. */
  lists(): Iterable<readonly StoredSpan[]>;
}

/**
 * The stored spans by trace, ordered by last activity: each trace is one array of its spans in arrival order (a
 * replaced span keeps its slot), with a span-id map only for traces past a few spans.
 */
export class TraceTable implements TraceLookup {
  readonly #traces = new Map<string, StoredSpan[]>();
  readonly #positions = new Map<string, Map<string, number>>();
  #spanCount = 0;
  // The trace the last put went to: spans of a trace arrive in runs, and a run needs one map lookup, not one per span.
  #lastId: string | undefined;
  #lastSpans: StoredSpan[] | undefined;
  // Kept from one removal to the next: every entry behind it was removed, so its next entry is the oldest, found
  // without walking past the holes deleted entries leave at the front of the map.
  #oldest: MapIterator<[string, StoredSpan[]]> | undefined;

  /** How many traces are stored. */
  get size(): number {
    return this.#traces.size;
  }

  /** How many spans are stored. */
  get spanCount(): number {
    return this.#spanCount;
  }

  /**
   * Stores the span and, with `touch`, marks its trace the most recently active; returns the span with the same ids it
   * replaced. Callers adding a run of spans of one trace touch it once.
   */
  put(span: StoredSpan, touch: boolean): StoredSpan | undefined {
    const { traceId } = span;
    const spans = traceId === this.#lastId ? this.#lastSpans : this.#traces.get(traceId);
    if (spans === undefined) {
      const created = [span];
      this.#traces.set(traceId, created);
      this.#remembered(traceId, created);
      this.#spanCount += 1;
      return undefined;
    }
    this.#remembered(traceId, spans);
    if (touch) {
      // Re-inserting keeps the map ordered by last activity, so eviction drops the stalest trace.
      this.#traces.delete(traceId);
      this.#traces.set(traceId, spans);
    }
    const at = this.#position(traceId, spans, span.spanId);
    if (at >= 0) {
      const previous = spans[at];
      spans[at] = span;
      return previous;
    }
    spans.push(span);
    this.#spanCount += 1;
    if (spans.length > LINEAR_LOOKUP) this.#remember(traceId, spans);
    return undefined;
  }

  spansOf(traceId: string): readonly StoredSpan[] | undefined {
    return this.#traces.get(traceId);
  }

  get(traceId: string, spanId: string): StoredSpan | undefined {
    const spans = this.#traces.get(traceId);
    if (spans === undefined) return undefined;
    const at = this.#position(traceId, spans, spanId);
    return at >= 0 ? spans[at] : undefined;
  }

  lists(): Iterable<readonly StoredSpan[]> {
    return this.#traces.values();
  }

  /** Trace ids, the least recently active first. */
  traceIds(): IterableIterator<string> {
    return this.#traces.keys();
  }

  /** Removes the least recently active trace; returns its id and spans, or undefined when the table is empty. */
  removeOldest(): { readonly traceId: string; readonly spans: readonly StoredSpan[] } | undefined {
    let oldest = this.#oldest?.next();
    if (oldest === undefined || oldest.done === true) {
      this.#oldest = this.#traces.entries();
      oldest = this.#oldest.next();
    }
    if (oldest.done === true) return undefined;
    const [traceId, spans] = oldest.value;
    this.#traces.delete(traceId);
    this.#positions.delete(traceId);
    if (traceId === this.#lastId) this.#remembered(undefined, undefined);
    this.#spanCount -= spans.length;
    return { traceId, spans };
  }

  clear(): void {
    this.#traces.clear();
    this.#positions.clear();
    this.#oldest = undefined;
    this.#remembered(undefined, undefined);
    this.#spanCount = 0;
  }

  #remembered(traceId: string | undefined, spans: StoredSpan[] | undefined): void {
    this.#lastId = traceId;
    this.#lastSpans = spans;
  }

  #position(traceId: string, spans: readonly StoredSpan[], spanId: string): number {
    if (spans.length > LINEAR_LOOKUP) return this.#positions.get(traceId)?.get(spanId) ?? -1;
    for (let i = 0; i < spans.length; i += 1) if ((spans[i] as StoredSpan).spanId === spanId) return i;
    return -1;
  }

  // Called after a push that took the trace past LINEAR_LOOKUP: the map is built once, then kept.
  #remember(traceId: string, spans: readonly StoredSpan[]): void {
    let positions = this.#positions.get(traceId);
    if (positions === undefined) {
      positions = new Map();
      this.#positions.set(traceId, positions);
      for (let i = 0; i < spans.length - 1; i += 1) positions.set((spans[i] as StoredSpan).spanId, i);
    }
    positions.set((spans[spans.length - 1] as StoredSpan).spanId, spans.length - 1);
  }
}
