import type { Span, SpanKind } from '../src/types.ts';

const SERVICES = 10;
const SPANS_PER_TRACE = 8;
const KINDS: readonly SpanKind[] = [
  'server',
  'internal',
  'client',
  'internal',
  'internal',
  'producer',
  'consumer',
  'internal',
];
const COMMON_NAMES = [
  'POST /orders',
  'orders.create',
  'INSERT orders',
  'orders.validate',
  'orders.price',
  'orders.created publish',
  'orders.created process',
  'payments.authorize',
];
const NO_EVENTS = Object.freeze([]);
const NO_LINKS = Object.freeze([]);
const UNSET = Object.freeze({ code: 'unset' as const, message: '' });

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/**
 * `total` spans shaped like decoded SDK spans: traces of 8 (one rare-named span each), 10 services, an order.id per
 * trace. Built directly so that a million of them take seconds, not minutes.
 */
export function syntheticSpans(total: number): Span[] {
  const resources = Array.from({ length: SERVICES }, (_, s) => ({ 'service.name': `svc-${s}` }));
  const scope = { name: 'bench', version: '1', attributes: {} };
  const spans: Span[] = [];
  const epochNs = 1_767_225_600_000_000_000n;
  for (let t = 0; spans.length < total; t += 1) {
    const traceId = hex(t + 1, 32);
    const s = t % SERVICES;
    const rootId = hex(t * SPANS_PER_TRACE + 1, 16);
    for (let i = 0; i < SPANS_PER_TRACE && spans.length < total; i += 1) {
      const startNs = epochNs + BigInt(t) * 1_000_000n + BigInt(i) * 10_000n;
      const start = startNs.toString();
      const end = (startNs + 50_000n).toString();
      const startTimeMs = Number(startNs / 1_000_000n) + Number(startNs % 1_000_000n) / 1e6;
      spans.push({
        traceId,
        spanId: i === 0 ? rootId : hex(t * SPANS_PER_TRACE + 1 + i, 16),
        ...(i === 0 ? {} : { parentSpanId: rootId }),
        name: i === SPANS_PER_TRACE - 1 ? `checkout-${t}` : (COMMON_NAMES[i] as string),
        kind: KINDS[i] as SpanKind,
        service: `svc-${s}`,
        resource: resources[s] as Span['resource'],
        scope,
        startTimeMs,
        endTimeMs: startTimeMs + 0.05,
        startTimeUnixNano: start,
        endTimeUnixNano: end,
        durationMs: 0.05,
        status: UNSET,
        attributes: { 'order.id': `o-${t}`, 'bench.step': i },
        events: NO_EVENTS,
        links: NO_LINKS,
      });
    }
  }
  return spans;
}
