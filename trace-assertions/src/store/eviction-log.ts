import type { EvictionEvent } from '../types.ts';
import { Emitter } from './emitter.ts';

/** Which bound evicted a trace. */
export type EvictionReason = 'maxSpans' | 'maxBytes';

// How many evicted trace ids are remembered for wasEvicted/evictionReason (the oldest are forgotten first).
const EVICTED_MEMORY = 10_000;

/** Counts evictions, remembers the recently evicted trace ids and reports each eviction to its listeners. */
export class EvictionLog {
  readonly listeners = new Emitter<EvictionEvent>();
  traces = 0;
  spans = 0;
  byBytes = 0;
  readonly #reasons = new Map<string, EvictionReason>();
  readonly #bounds: { readonly maxSpans: number; readonly maxBytes: number };

  constructor(bounds: { readonly maxSpans: number; readonly maxBytes: number }) {
    this.#bounds = bounds;
  }

  record(traceId: string, spanCount: number, reason: EvictionReason): void {
    this.traces += 1;
    this.spans += spanCount;
    this.#reasons.set(traceId, reason);
    if (this.#reasons.size > EVICTED_MEMORY) this.#reasons.delete(this.#reasons.keys().next().value as string);
    const { maxSpans, maxBytes } = this.#bounds;
    const event: EvictionEvent = { traceId, spanCount, maxSpans, evictedTraces: this.traces };
    if (reason === 'maxBytes') this.byBytes += 1;
    this.listeners.emit(reason === 'maxBytes' ? { ...event, reason, maxBytes } : event);
  }

  /** Why the trace was evicted, or undefined when it was not (or is no longer remembered). */
  reason(traceId: string): EvictionReason | undefined {
    return this.#reasons.get(traceId);
  }
}
