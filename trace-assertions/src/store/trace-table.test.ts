import { describe, expect, it } from 'vitest';
import { fixtureSpans } from '../test-support/fixtures.ts';
import type { Span } from '../types.ts';
import { TraceTable } from './trace-table.ts';

const [template] = fixtureSpans('order-flow') as [Span];
const spanOf = (traceId: string, n: number, name = 'op'): Span => ({
  ...template,
  traceId,
  spanId: n.toString(16).padStart(16, '0'),
  name,
});

describe('TraceTable', () => {
  it.each([3, 40])('finds, replaces in place and counts the spans of a %i-span trace', (count) => {
    const table = new TraceTable();
    const spans = Array.from({ length: count }, (_, n) => spanOf('a'.repeat(32), n + 1));
    for (const span of spans) expect(table.put(span, true)).toBeUndefined();
    const replacement = spanOf('a'.repeat(32), 2, 'again');
    expect(table.put(replacement, true)).toBe(spans[1]);
    expect(table.get('a'.repeat(32), replacement.spanId)).toBe(replacement);
    expect(table.get('a'.repeat(32), spans[count - 1]?.spanId ?? '')).toBe(spans[count - 1]);
    expect(table.get('a'.repeat(32), 'f'.repeat(16))).toBeUndefined();
    expect(table.spansOf('a'.repeat(32))?.map((s) => s.name)[1]).toBe('again');
    expect(table.spanCount).toBe(count);
  });

  it('removes the least recently active trace first', () => {
    const table = new TraceTable();
    table.put(spanOf('a'.repeat(32), 1), true);
    table.put(spanOf('b'.repeat(32), 1), true);
    table.put(spanOf('a'.repeat(32), 2), true);
    table.put(spanOf('c'.repeat(32), 1), true);
    table.put(spanOf('c'.repeat(32), 2), false);
    expect([...table.traceIds()]).toEqual(['b'.repeat(32), 'a'.repeat(32), 'c'.repeat(32)]);
    expect(table.removeOldest()?.traceId).toBe('b'.repeat(32));
    expect(table.spanCount).toBe(4);
    table.clear();
    expect(table.removeOldest()).toBeUndefined();
  });

  it.each([
    ['removed as the oldest', (table: TraceTable) => table.removeOldest()],
    ['cleared', (table: TraceTable) => table.clear()],
  ])('starts a trace afresh when its last span arrives again after it was %s', (_, drop) => {
    const table = new TraceTable();
    table.put(spanOf('a'.repeat(32), 1), true);
    table.put(spanOf('a'.repeat(32), 2), false);
    drop(table);
    expect(table.put(spanOf('a'.repeat(32), 2), true)).toBeUndefined();
    expect(table.spansOf('a'.repeat(32))?.map((s) => s.spanId)).toEqual([(2).toString(16).padStart(16, '0')]);
    expect(table.spanCount).toBe(1);
    expect(table.size).toBe(1);
  });

  it('keeps removing the least recently active trace while traces arrive, are touched and run out', () => {
    const table = new TraceTable();
    const id = (c: string) => c.repeat(32);
    for (const c of 'abcd') table.put(spanOf(id(c), 1), true);
    expect(table.removeOldest()?.traceId).toBe(id('a'));
    table.put(spanOf(id('b'), 2), true);
    table.put(spanOf(id('e'), 1), true);
    const order = [table.removeOldest(), table.removeOldest(), table.removeOldest(), table.removeOldest()];
    expect(order.map((removed) => removed?.traceId)).toEqual([id('c'), id('d'), id('b'), id('e')]);
    expect(table.removeOldest()).toBeUndefined();
    table.put(spanOf(id('f'), 1), true);
    expect(table.removeOldest()?.traceId).toBe(id('f'));
    expect(table.size).toBe(0);
  });

  it('removes traces in least-recently-active order through thousands of arrivals, touches and removals', () => {
    const table = new TraceTable();
    // The reference: trace ids in activity order, the most recent last.
    let order: string[] = [];
    let seed = 7;
    const next = (bound: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % bound;
    };
    for (let step = 0; step < 5_000; step += 1) {
      if (next(3) === 0) {
        expect(table.removeOldest()?.traceId).toBe(order.shift());
        continue;
      }
      const traceId = next(200).toString(16).padStart(32, '0');
      table.put(spanOf(traceId, next(4) + 1), true);
      order = [...order.filter((id) => id !== traceId), traceId];
    }
    expect([...table.traceIds()]).toEqual(order);
  });
});
