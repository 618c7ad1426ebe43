import { type StoredSpan, WireSpan } from '../otlp/wire-span.ts';
import type { Span, SpanStoreStats } from '../types.ts';
import { Emitter } from './emitter.ts';
import { EvictionLog, type EvictionReason } from './eviction-log.ts';
import { ByteCount } from './span-bytes.ts';
import { StoreIndex } from './store-index.ts';
import { TraceTable } from './trace-table.ts';

/** The bounds of a store. */
export interface StoreBounds {
  readonly maxSpans: number;
  readonly maxBytes: number;
}

/** A span store's state: spans by trace, their indexes and byte count, evictions and arrival listeners. */
export class StoredSpans {
  readonly table = new TraceTable();
  readonly index = new StoreIndex(this.table, this);
  readonly bytes = new ByteCount();
  readonly evictions: EvictionLog;
  readonly arrivals = new Emitter<readonly Span[]>();
  readonly bounds: StoreBounds;

  constructor(bounds: StoreBounds) {
    this.bounds = bounds;
    this.evictions = new EvictionLog(bounds);
  }

  /**
   * The public span of a stored one: a span kept as its bytes is read on the first call (and its bytes counted), then
   * the same object is returned.
   */
  resolve(stored: StoredSpan): Span {
    if (!(stored instanceof WireSpan)) return stored;
    return stored.built ? stored.span() : this.keep(stored, stored.read());
  }

  /** Keeps a span `WireSpan.read` returned, counted while the span is stored; returns the kept span. */
  keep(stored: WireSpan, span: Span): Span {
    if (stored.built) return stored.span();
    stored.keep(span);
    // Counted while stored: a listener may read a span the same add already evicted.
    if (this.table.get(stored.traceId, stored.spanId) === stored) this.bytes.built(stored);
    return span;
  }

  /** The public span of a stored one without keeping it: a span not read before is read for this call only. */
  peek(stored: StoredSpan): Span {
    return stored instanceof WireSpan ? stored.read() : stored;
  }

  /** Stores spans (a known trace id + span id replaces the old span), enforces the bounds, then notifies. */
  add(spans: readonly StoredSpan[]): void {
    if (spans.length === 0) return;
    let lastTraceId: string | undefined;
    for (const span of spans) {
      // A run of spans of one trace marks it most recently active once.
      const previous = this.table.put(span, span.traceId !== lastTraceId);
      lastTraceId = span.traceId;
      if (previous === span) continue;
      // Bytes first: removing a span from attribute indexes may read it, which must not count it again.
      if (previous !== undefined) {
        this.bytes.remove(previous);
        this.index.remove(previous);
      }
      this.index.add(span);
      this.bytes.add(span);
    }
    this.#enforceBounds();
    // Listeners (waits) get built spans: spans kept as bytes are read only while someone listens.
    if (this.arrivals.size > 0) this.arrivals.emit(this.#built(spans));
  }

  #built(spans: readonly StoredSpan[]): readonly Span[] {
    let wire = false;
    for (let i = 0; i < spans.length && !wire; i += 1) wire = spans[i] instanceof WireSpan;
    return wire ? spans.map((stored) => this.resolve(stored)) : (spans as readonly Span[]);
  }

  clear(): void {
    this.table.clear();
    this.index.clear();
    this.bytes.clear();
  }

  stats(): SpanStoreStats {
    const { evictions } = this;
    return {
      spans: this.table.spanCount,
      traces: this.table.size,
      maxSpans: this.bounds.maxSpans,
      evictedTraces: evictions.traces,
      evictedSpans: evictions.spans,
      bytes: this.bytes.total,
      maxBytes: this.bounds.maxBytes,
      evictedByBytes: evictions.byBytes,
    };
  }

  #enforceBounds(): void {
    const { maxSpans, maxBytes } = this.bounds;
    for (;;) {
      if (this.table.spanCount > maxSpans && this.table.size > 1) this.#evictOldest('maxSpans');
      else if (this.bytes.total > maxBytes && this.table.size > 0) this.#evictOldest('maxBytes');
      else return;
    }
  }

  #evictOldest(reason: EvictionReason): void {
    const oldest = this.table.removeOldest();
    if (oldest === undefined) return;
    for (const span of oldest.spans) {
      this.bytes.remove(span);
      this.index.remove(span);
    }
    this.evictions.record(oldest.traceId, oldest.spans.length, reason);
  }
}
