import { createSpanStore } from '../src/store/span-store.ts';
import type { QueryInput, Span } from '../src/types.ts';
import { syntheticSpans } from './synthetic-spans.ts';
import { timeMs } from './time-ms.ts';
import type { Bench, BenchResult } from './types.ts';

/** Options of queryScanBench. */
export interface QueryScanOptions {
  readonly spans?: number;
}

interface Case {
  readonly name: string;
  readonly query: QueryInput;
  /** The same question as a hand-written Array.filter predicate: the anchor. */
  readonly scan: (span: Span) => boolean;
  readonly selective: boolean;
}

function cases(spans: readonly Span[]): Case[] {
  const t = Math.floor(spans.length / 8 / 2);
  const traceId = spans[t * 8]?.traceId as string;
  return [
    {
      name: 'by service + name',
      query: `span[service.name="svc-${t % 10}" name="checkout-${t}"]`,
      scan: (s) => s.service === `svc-${t % 10}` && s.name === `checkout-${t}`,
      selective: true,
    },
    {
      name: 'by attribute',
      query: `span[order.id="o-${t}"]`,
      scan: (s) => s.attributes['order.id'] === `o-${t}`,
      selective: true,
    },
    {
      name: 'by trace id + kind',
      query: `span[trace_id="${traceId}" kind="producer"]`,
      scan: (s) => s.traceId === traceId && s.kind === 'producer',
      selective: true,
    },
    {
      name: 'by service + kind (a tenth of the spans match)',
      query: 'span[service.name="svc-3" kind="internal"]',
      scan: (s) => s.service === 'svc-3' && s.kind === 'internal',
      selective: false,
    },
    {
      name: 'name contains (no equality index; tested per distinct name)',
      query: `span[name contains "checkout-${t}"]`,
      scan: (s) => s.name.includes(`checkout-${t}`),
      selective: false,
    },
    {
      name: 'attribute contains (no index applies: every span is scanned)',
      query: { attributes: { 'order.id': { contains: `o-${t}` } } },
      // The same question: an attribute of the span, else of its resource.
      scan: (s) => {
        const value = 'order.id' in s.attributes ? s.attributes['order.id'] : s.resource['order.id'];
        return typeof value === 'string' && value.includes(`o-${t}`);
      },
      selective: false,
    },
  ];
}

function result(c: Case, projectMs: number, anchorMs: number): BenchResult {
  const ratio = anchorMs / projectMs;
  const goal = c.selective ? 10_000 : 1;
  return {
    name: `1 M spans, ${c.name}: store.find vs Array.filter`,
    unit: 'ms/query',
    project: Number(projectMs.toPrecision(3)),
    anchor: Number(anchorMs.toPrecision(3)),
    ratio: Number(ratio.toPrecision(3)),
    goal: c.selective ? '≥ 10,000× faster than the scan' : 'never slower than the scan (≥ 1×)',
    met: ratio >= goal,
  };
}

/** store.find() beside a linear Array.filter over the same spans, for selective and broad queries. */
export function queryScanBench(options: QueryScanOptions = {}): Bench {
  const total = options.spans ?? 1_000_000;
  return {
    name: `find over ${total.toLocaleString('en-US')} spans`,
    async run(): Promise<BenchResult[]> {
      const spans = syntheticSpans(total);
      const store = createSpanStore({ maxSpans: total, maxBytes: Number.MAX_SAFE_INTEGER });
      store.add(spans);
      const results: BenchResult[] = [];
      for (const c of cases(spans)) {
        const expected = spans.filter(c.scan).length;
        const found = store.find(c.query).length;
        if (found !== expected) throw new Error(`${c.name}: store.find found ${found}, the scan ${expected}`);
        const anchorMs = timeMs(() => spans.filter(c.scan));
        const projectMs = timeMs(() => store.find(c.query));
        results.push(result(c, projectMs, anchorMs));
      }
      return results;
    },
  };
}
