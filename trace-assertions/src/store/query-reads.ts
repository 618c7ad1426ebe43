import { type StoredSpan, WireSpan } from '../otlp/wire-span.ts';
import type { Span } from '../types.ts';
import { SpanProbe } from './span-probe.ts';

/** How stored spans become public ones (see StoredSpans). */
export interface StoredReads {
  /** The public span, kept: later reads return the same object. */
  resolve(stored: StoredSpan): Span;
  /** Keeps a span `WireSpan.read` returned; returns the kept span. */
  keep(stored: WireSpan, span: Span): Span;
}

/**
 * The index's reads of stored spans: kept when handed out; within a query (`run`), one object per span until the
 * query returns, then kept only when it was returned; in a scan (`keeping`), read for the test and kept only on a pass.
 */
export class QueryReads {
  readonly #reads: StoredReads;
  // While a query runs: the stored spans it read, kept until it returns, then only those it returned.
  #scope: WireSpan[] | undefined;

  constructor(reads: StoredReads) {
    this.#reads = reads;
  }

  /** True while a query runs. */
  get scoped(): boolean {
    return this.#scope !== undefined;
  }

  /** A stored span as readers hand it out: kept, or within a query the same object until the query returns. */
  read(stored: StoredSpan): Span {
    if (!(stored instanceof WireSpan)) return stored;
    const scope = this.#scope;
    if (scope === undefined) return this.#reads.resolve(stored);
    if (!stored.built) scope.push(stored);
    return stored.span();
  }

  /**
   * Runs a query (a nested one runs in the outer one's scope); only the spans it returns stay kept, none of them with
   * `keep` false (a scan whose spans are read for its caller alone).
   */
  run<T extends readonly Span[]>(query: () => T, keep = true): T {
    if (this.#scope !== undefined) return query();
    const scope: WireSpan[] = [];
    this.#scope = scope;
    let found: T | undefined;
    try {
      found = query();
      return found;
    } finally {
      this.#scope = undefined;
      this.#release(scope, keep ? (found ?? []) : []);
    }
  }

  /**
   * A visitor pushing the spans that pass `test` into `found`: a span read for the test is kept only when it passes.
   * With `labelsOnly` (the test reads only name, service, kind, attributes and resource), a span not read before is
   * tested on a SpanProbe and read only when it passes.
   */
  keeping(test: (span: Span) => boolean, found: Span[], labelsOnly: boolean): (stored: StoredSpan) => void {
    const probe = labelsOnly ? new SpanProbe() : undefined;
    if (this.#scope !== undefined) {
      return (stored) => {
        if (probe !== undefined && stored instanceof WireSpan && !stored.built) {
          if (test(probe.of(stored))) found.push(this.read(stored));
          return;
        }
        const span = this.read(stored);
        if (test(span)) found.push(span);
      };
    }
    const reads = this.#reads;
    return (stored) => {
      if (!(stored instanceof WireSpan) || stored.built) {
        const span = stored instanceof WireSpan ? stored.span() : stored;
        if (test(span)) found.push(span);
      } else if (probe !== undefined) {
        if (test(probe.of(stored))) found.push(reads.keep(stored, stored.read()));
      } else {
        const span = stored.read();
        if (test(span)) found.push(reads.keep(stored, span));
      }
    };
  }

  #release(scope: readonly WireSpan[], found: readonly Span[]): void {
    if (scope.length === 0) return;
    const returned = new Set<Span>(found);
    for (const stored of scope) {
      const span = stored.span();
      stored.forget();
      if (returned.has(span)) this.#reads.keep(stored, span);
    }
  }
}
