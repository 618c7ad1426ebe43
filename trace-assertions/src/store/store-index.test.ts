import { describe, expect, it } from 'vitest';
import { spanOf } from '../otlp/wire-span.ts';
import { toQuery } from '../query/to-query.ts';
import { fixtureSpans, ORDER_FLOW } from '../test-support/fixtures.ts';
import type { Span } from '../types.ts';
import { StoreIndex } from './store-index.ts';
import { TraceTable } from './trace-table.ts';

const spans = fixtureSpans('order-flow');

function indexOf(all: readonly Span[]): StoreIndex {
  const traces = new TraceTable();
  const index = new StoreIndex(traces, { resolve: spanOf, keep: (stored) => stored.span() });
  for (const span of all) {
    traces.put(span, true);
    index.add(span);
  }
  return index;
}

const names = (index: StoreIndex, selector: string) => [...index.candidates(toQuery(selector))].map((s) => s.spanId);

describe('StoreIndex.candidates', () => {
  const index = indexOf(spans);

  it.each([
    ['the smaller of service and name', 'span[service.name="payment-service" name="payments.authorize"]', 2],
    ['the trace', `span[trace_id="${ORDER_FLOW.batchTraceId}" name contains "process"]`, spans.length - 7],
    ['the attribute bucket', 'span[app.correlation_id="corr-123"]', 2],
    ['the kind bucket', 'span[kind="producer"]', 1],
    ['an empty bucket', 'span[service.name="payment-service" name="nope"]', 0],
  ])('narrows to %s', (_label, selector, expected) => {
    expect(names(index, selector)).toHaveLength(expected);
  });

  it('falls back to every span when no filter is an equality', () => {
    expect(names(index, 'span[name contains "orders"]')).toHaveLength(spans.length);
  });

  it('stops indexing attributes past its key budget and scans instead', () => {
    const many = indexOf(spans);
    for (let i = 0; i < 32; i += 1) many.candidates(toQuery(`span[k${i}="v"]`));
    expect(names(many, 'span[app.correlation_id="corr-123"]')).toHaveLength(spans.length);
  });
});
