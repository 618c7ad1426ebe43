import { describe, expect, it } from 'vitest';
import type { StoredSpan } from '../otlp/wire-span.ts';
import { fixtureSpans } from '../test-support/fixtures.ts';
import type { Span } from '../types.ts';
import { ValueIndex } from './value-index.ts';

const spans = fixtureSpans('order-flow');

function listed(index: ValueIndex, value: string): StoredSpan[] {
  const out: StoredSpan[] = [];
  index.each(value, (span) => out.push(span));
  return out;
}

describe('ValueIndex', () => {
  it('skips removed spans, and a removed span added again is listed once', () => {
    const index = new ValueIndex();
    for (const span of spans) index.add('v', span);
    const [first, second, third] = spans as [Span, Span, Span];
    index.remove('v', first);
    expect(listed(index, 'v')).toEqual(spans.slice(1));
    expect(index.size('v')).toBe(spans.length - 1);
    // Removed from the front, it arrives again at the end; removed from within, it takes its old slot back.
    index.add('v', first);
    index.remove('v', third);
    index.add('v', third);
    expect(listed(index, 'v')).toEqual([...spans.slice(1), first]);
    index.remove('v', second);
    index.add('v', second);
    expect(listed(index, 'v')).toEqual([...spans.slice(2), first, second]);
    expect(index.size('v')).toBe(spans.length);
  });

  it('compacts a bucket once half of it is removed, and forgets an emptied one', () => {
    const index = new ValueIndex();
    for (const span of spans) index.add('v', span);
    const half = Math.ceil(spans.length / 2);
    for (const span of spans.slice(0, half)) index.remove('v', span);
    expect(listed(index, 'v')).toEqual(spans.slice(half));
    for (const span of spans.slice(0, 2)) index.add('v', span);
    expect(listed(index, 'v')).toEqual([...spans.slice(half), ...spans.slice(0, 2)]);
    for (const span of [...spans.slice(half), ...spans.slice(0, 2)]) index.remove('v', span);
    expect(index.size('v')).toBe(0);
    expect(listed(index, 'v')).toEqual([]);
  });

  it('filters the live spans of a bucket in bucket order', () => {
    const index = new ValueIndex();
    for (const span of spans) index.add('v', span);
    const [first] = spans as [Span];
    index.remove('v', first);
    expect(index.filter('v', () => true)).toEqual(spans.slice(1));
    expect(index.filter('v', (span) => span === first)).toEqual([]);
    expect(index.filter('none', () => true)).toEqual([]);
  });

  it('stops when the visitor returns false', () => {
    const index = new ValueIndex();
    for (const span of spans) index.add('v', span);
    const seen: StoredSpan[] = [];
    expect(index.each('v', (span) => seen.push(span) < 2)).toBe(false);
    expect(seen).toHaveLength(2);
  });

  it('starts an emptied bucket afresh when its value comes back', () => {
    const index = new ValueIndex();
    const [first, second] = spans as [Span, Span];
    index.add('v', first);
    index.remove('v', first);
    index.add('v', second);
    expect(listed(index, 'v')).toEqual([second]);
    index.clear();
    index.add('v', first);
    expect(listed(index, 'v')).toEqual([first]);
    expect(index.size('v')).toBe(1);
  });

  it('drops spans removed oldest first from the front, with removals behind them, and lists the rest once', () => {
    const index = new ValueIndex();
    const many = [...spans, ...spans.map((span) => ({ ...span, spanId: `${span.spanId.slice(0, -1)}f` }))];
    for (const span of many) index.add('v', span);
    const [a, b, c, d] = many as [Span, Span, Span, Span];
    index.remove('v', a);
    index.remove('v', c);
    expect(listed(index, 'v')).toEqual(many.filter((span) => span !== a && span !== c));
    index.remove('v', b);
    expect(listed(index, 'v')).toEqual(many.slice(3));
    expect(index.size('v')).toBe(many.length - 3);
    index.add('v', a);
    index.add('v', c);
    expect(listed(index, 'v')).toEqual([...many.slice(3), a, c]);
    expect(index.filter('v', (span) => span === d || span === a)).toEqual([d, a]);
    for (const span of many.slice(3)) index.remove('v', span);
    expect(listed(index, 'v')).toEqual([a, c]);
    expect(index.size('v')).toBe(2);
  });
});
