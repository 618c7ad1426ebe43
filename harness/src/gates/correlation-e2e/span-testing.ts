import type { Span } from '@tracegate/trace-assertions';

/** The trace the gate tests' spans belong to. */
export const TEST_TRACE = '0af7651916cd43dd8448eb211c80319c';

/** A finished 1 ms span of order-service in {@link TEST_TRACE}; `fields` override any default. */
export function testSpan(spanId: string, fields: Partial<Span>): Span {
  return {
    traceId: TEST_TRACE,
    spanId,
    name: 'op',
    kind: 'internal',
    service: 'order-service',
    resource: {},
    scope: { name: 'test', version: '1', attributes: {} },
    startTimeMs: 0,
    endTimeMs: 1,
    startTimeUnixNano: '0',
    endTimeUnixNano: '1000000',
    durationMs: 1,
    status: { code: 'unset', message: '' },
    attributes: {},
    events: [],
    links: [],
    ...fields,
  };
}
