import { MatchersV3, PactV4, SpecificationVersion } from '@pact-foundation/pact';
import { describe, expect, it } from 'vitest';
import { fromPactMessage, readOrderCreated, readOrderRef } from './clients/event-readers.ts';
import { expectEvent } from './event-interaction.ts';
import { correlationId, isoInstant } from './order-matchers.ts';
import { PACT_DIR } from './pact-dir.ts';

const { eachLike, integer, regex, string, uuid } = MatchersV3;

const pact = new PactV4({
  consumer: 'payment-service',
  provider: 'order-service',
  dir: PACT_DIR,
  spec: SpecificationVersion.SPECIFICATION_VERSION_V4,
  logLevel: 'warn',
});

describe('payment-service ← order-service (Kafka)', () => {
  it('consumes order.created', async () => {
    await expectEvent(pact, {
      description: 'an order.created event',
      state: 'an order was placed',
      topic: 'order.created',
      ceType: 'io.tracegate.order.created',
      source: '/order-service',
      body: {
        orderId: uuid('0f8fad5b-d9cb-469f-a165-70867728950e'),
        customerId: string('customer-42'),
        currency: regex('^[A-Z]{3}$', 'EUR'),
        totalAmount: integer(2800),
        items: eachLike({ sku: string('BOOK-1'), quantity: integer(2), unitPrice: integer(1250) }),
        correlationId: correlationId('req-7f3a'),
        createdAt: isoInstant('2026-11-20T10:15:30.000Z'),
      },
    }).executeTest(async (message) => {
      expect(readOrderCreated(fromPactMessage(message)).totalAmount).toBe(2800);
    });
  });

  it('consumes order.cancelled', async () => {
    await expectEvent(pact, {
      description: 'an order.cancelled event',
      state: 'a confirmed order was cancelled',
      topic: 'order.cancelled',
      ceType: 'io.tracegate.order.cancelled',
      source: '/order-service',
      body: {
        orderId: uuid('0f8fad5b-d9cb-469f-a165-70867728950e'),
        previousStatus: regex('^(PENDING|CONFIRMED)$', 'CONFIRMED'),
        totalAmount: integer(2800),
        currency: regex('^[A-Z]{3}$', 'EUR'),
        correlationId: correlationId('req-8a01'),
        cancelledAt: isoInstant('2026-11-20T10:20:00.000Z'),
      },
    }).executeTest(async (message) => {
      expect(readOrderRef(fromPactMessage(message)).orderId).toBe('0f8fad5b-d9cb-469f-a165-70867728950e');
    });
  });
});
