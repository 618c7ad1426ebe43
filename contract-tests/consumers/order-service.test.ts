import { MatchersV3, PactV4, SpecificationVersion } from '@pact-foundation/pact';
import { describe, expect, it } from 'vitest';
import { fromPactMessage, readOrderRef } from './clients/event-readers.ts';
import { expectEvent } from './event-interaction.ts';
import { correlationId, isoInstant } from './order-matchers.ts';
import { PACT_DIR } from './pact-dir.ts';

const { integer, regex, uuid } = MatchersV3;

const pact = new PactV4({
  consumer: 'order-service',
  provider: 'payment-service',
  dir: PACT_DIR,
  spec: SpecificationVersion.SPECIFICATION_VERSION_V4,
  logLevel: 'warn',
});

const payment = (extra: Record<string, unknown>) => ({
  paymentId: uuid('1e2d3c4b-5a69-4788-9796-a5b4c3d2e1f0'),
  orderId: uuid('0f8fad5b-d9cb-469f-a165-70867728950e'),
  amount: integer(2800),
  currency: regex('^[A-Z]{3}$', 'EUR'),
  correlationId: correlationId('req-7f3a'),
  ...extra,
});

describe('order-service ← payment-service (Kafka)', () => {
  it.each([
    ['payment.authorized', 'a payment was authorized', { authorizedAt: isoInstant('2026-11-20T10:15:30.120Z') }],
    [
      'payment.declined',
      'a payment was declined',
      {
        reason: regex('^(amount_limit_exceeded|order_cancelled)$', 'amount_limit_exceeded'),
        declinedAt: isoInstant('2026-11-20T10:16:00.050Z'),
      },
    ],
    ['payment.refunded', 'a payment was refunded', { refundedAt: isoInstant('2026-11-20T10:20:00.200Z') }],
  ])('consumes %s', async (topic, state, extra) => {
    await expectEvent(pact, {
      description: `a ${topic} event`,
      state,
      topic,
      ceType: `io.tracegate.${topic}`,
      source: '/payment-service',
      body: payment(extra),
    }).executeTest(async (message) => {
      expect(readOrderRef(fromPactMessage(message)).correlationId).toBe('req-7f3a');
    });
  });
});
