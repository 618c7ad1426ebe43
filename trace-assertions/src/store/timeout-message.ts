import { describeQuery } from '../query/describe.ts';
import { findSpans, nearestSpans } from '../query/find-spans.ts';
import { formatNearMisses, formatSpans } from '../query/format.ts';
import type { SpanQuery, Trace } from '../types.ts';
import { scannedSpans, scannedTraces } from './scanned-spans.ts';
import type { SpanStore } from './span-store.ts';

interface Target {
  readonly traceId?: string;
  readonly query?: SpanQuery;
  readonly test: (trace: Trace) => boolean;
}

function bestCandidate(store: SpanStore, target: Target, until: readonly SpanQuery[]): Trace | undefined {
  if (target.traceId !== undefined) return store.trace(target.traceId);
  const score = (trace: Trace) => until.filter((q) => findSpans(trace, q).length > 0).length;
  // Read for the message only: a store of spans kept as bytes keeps none of them built.
  return scannedTraces(store)
    .filter(target.test)
    .sort((a, b) => score(b) - score(a))[0];
}

function storeLine(store: SpanStore): string {
  const s = store.stats();
  const line = `store: ${s.spans} spans in ${s.traces} traces; ${s.evictedTraces} traces (${s.evictedSpans} spans) evicted (maxSpans ${s.maxSpans})`;
  return s.evictedByBytes === 0 ? line : `${line}; ${s.evictedByBytes} of those traces past maxBytes ${s.maxBytes}`;
}

/** Builds the TRACE_TIMEOUT message: spans seen, and per unmatched query the nearest candidates and why they missed. */
export function timeoutMessage(
  store: SpanStore,
  target: Target,
  until: readonly SpanQuery[],
  timeoutMs: number,
): string {
  const name =
    target.traceId ?? (target.query ? `containing ${describeQuery(target.query)}` : 'matching the predicate');
  const lines = [`trace ${name} not complete after ${timeoutMs} ms`];
  const trace = bestCandidate(store, target, until);
  const evicted = target.traceId === undefined ? undefined : store.evictionReason(target.traceId);
  if (evicted !== undefined) {
    lines.push(`trace ${target.traceId} was EVICTED from the store to stay under ${evicted}: raise ${evicted}`);
  }
  if (trace === undefined) {
    lines.push(target.traceId !== undefined ? 'no spans received for this trace' : 'no trace matched the target');
    if (target.query !== undefined) {
      lines.push(
        'nearest spans to the target query:',
        formatNearMisses(nearestSpans(scannedSpans(store), target.query)),
      );
    }
  } else {
    lines.push(
      `spans seen for trace ${trace.traceId} (${trace.spans.length}):`,
      formatSpans([...trace.spans].sort((a, b) => a.startTimeMs - b.startTimeMs)),
    );
    for (const query of until) {
      if (findSpans(trace, query).length > 0) continue;
      lines.push(`unmatched: ${describeQuery(query)}`, '  nearest candidates:');
      lines.push(formatNearMisses(nearestSpans(trace, query), '    '));
    }
  }
  lines.push(storeLine(store));
  return lines.join('\n');
}
