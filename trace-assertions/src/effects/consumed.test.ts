import { describe, expect, it } from 'vitest';
import type { TappedMessage } from '../kafka/types.ts';
import { issuesOf } from '../outcome.ts';
import type { Span } from '../types.ts';
import { checkDeadLettered, checkNoSecondEffect, wasConsumed } from './consumed.ts';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const OTHER = '1bf7651916cd43dd8448eb211c80319d';
const parent = (trace: string) => `00-${trace}-b7ad6b7169203331-01`;

function message(overrides: Partial<TappedMessage> = {}): TappedMessage {
  return {
    topic: 'order.created',
    partition: 0,
    offset: '3',
    key: 'o-1',
    headers: { traceparent: parent(TRACE), ce_id: 'e-1' },
    value: '{"orderId":"o-1"}',
    timestamp: 1_000,
    ...overrides,
  };
}

const consumer = (overrides: Partial<Span>): Span =>
  ({ traceId: TRACE, spanId: 'c1', kind: 'consumer', service: 'payment-service', links: [], ...overrides }) as Span;

describe('wasConsumed', () => {
  it.each<[string, Span, boolean]>([
    ['a consumer span of the service in the trace', consumer({}), true],
    [
      'a consumer span linked to the trace',
      consumer({ traceId: OTHER, links: [{ traceId: TRACE, spanId: 'x', attributes: {} }] }),
      true,
    ],
    ['another service', consumer({ service: 'order-service' }), false],
    ['a producer span', consumer({ kind: 'producer' }), false],
    ['another trace', consumer({ traceId: OTHER }), false],
  ])('%s → %s', (_name, span, expected) => {
    expect(wasConsumed(message(), 'payment-service', [span])).toBe(expected);
  });
});

describe('checkNoSecondEffect', () => {
  const redelivered = message();
  const copy = { topic: 'order.created', partition: 0, offset: '9' };
  it.each<[string, TappedMessage[], number]>([
    ['nothing new', [redelivered], 0],
    ['only the injected copy', [redelivered, message({ offset: '9', timestamp: 2_000 })], 0],
    ['an earlier effect of the first delivery', [message({ topic: 'payment.authorized', timestamp: 900 })], 0],
    [
      'a message of another trace',
      [message({ topic: 'payment.authorized', timestamp: 2_000, headers: { traceparent: parent(OTHER) } })],
      0,
    ],
    ['a new message in its trace', [message({ topic: 'payment.authorized', offset: '4', timestamp: 2_000 })], 1],
  ])('%s → %i issue(s)', (_name, messages, count) => {
    const issues = issuesOf(checkNoSecondEffect({ redelivered, messages, since: 1_500, injected: [copy] }));
    expect(issues).toHaveLength(count);
    if (count > 0)
      expect(issues[0]).toMatchObject({ code: 'REDELIVERY_SECOND_EFFECT', actual: 'payment.authorized[0]@4' });
  });
});

describe('checkDeadLettered', () => {
  const poison = message({
    value: '{"tracegate":"poison"}',
    offset: '10',
    headers: { traceparent: parent(TRACE), ce_id: 'e-9', 'x-correlation-id': 'c-1' },
  });
  const deadLetter = { topic: 'order.created.dlq', reasonHeader: 'x-dlq-reason' };
  const kept = { ce_id: 'e-9', 'x-correlation-id': 'c-1' };
  const dead = (headers: Record<string, string>) =>
    message({ topic: 'order.created.dlq', value: poison.value, offset: '0', headers });
  it.each<[string, TappedMessage[], string | undefined]>([
    [
      'dead-lettered with a reason',
      [dead({ ...kept, 'x-dlq-reason': 'invalid-message: /orderId required' })],
      undefined,
    ],
    [
      "dead-lettered under its dead-letter producer's own trace context",
      [dead({ ...kept, traceparent: parent(OTHER), 'x-dlq-reason': 'x' })],
      undefined,
    ],
    [
      'dead-lettered without its key',
      [{ ...dead({ ...kept, 'x-dlq-reason': 'x' }), key: null }],
      'DEAD_LETTER_KEY_LOST',
    ],
    ['dead-lettered without the original headers', [dead({ 'x-dlq-reason': 'x' })], 'DEAD_LETTER_HEADERS_LOST'],
    [
      'dead-lettered with a changed correlation id',
      [dead({ ...kept, 'x-correlation-id': 'c-2', 'x-dlq-reason': 'x' })],
      'DEAD_LETTER_HEADERS_LOST',
    ],
    ['never dead-lettered', [], 'POISON_NOT_DEAD_LETTERED'],
    [
      'another message dead-lettered',
      [message({ topic: 'order.created.dlq', headers: { 'x-dlq-reason': 'x' } })],
      'POISON_NOT_DEAD_LETTERED',
    ],
    ['dead-lettered without a reason', [dead(kept)], 'DEAD_LETTER_WITHOUT_REASON'],
    ['dead-lettered with an empty reason', [dead({ ...kept, 'x-dlq-reason': ' ' })], 'DEAD_LETTER_WITHOUT_REASON'],
  ])('%s', (_name, messages, code) => {
    const issues = issuesOf(checkDeadLettered({ poison, messages, deadLetter }));
    expect(issues.map((i) => i.code)).toEqual(code === undefined ? [] : [code]);
  });

  it('names each lost header with what it held', () => {
    const [issue] = issuesOf(checkDeadLettered({ poison, messages: [dead({ 'x-dlq-reason': 'x' })], deadLetter }));
    expect(issue?.actual).toMatchInlineSnapshot(`"ce_id: "e-9" → (absent); x-correlation-id: "c-1" → (absent)"`);
  });
});
