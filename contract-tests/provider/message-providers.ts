import { type MessageProviders, providerWithMetadata } from '@pact-foundation/pact';
import type { Payment } from '@tracegate/reference-service/messages';
import {
  cancelOrder,
  orderCancelledEvent,
  orderCreatedEvent,
  paymentEvent,
  placeOrder,
} from '@tracegate/reference-service/messages';
import { type CapturedMessage, captureOutbox } from './outbox-capture.ts';

const NOW = new Date('2026-11-20T10:15:30.000Z');
const ORDER_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

function order() {
  const input = {
    customerId: 'customer-42',
    currency: 'EUR',
    items: [{ sku: 'BOOK-1', quantity: 2, unitPrice: 1400 }],
  };
  return placeOrder(input, { id: ORDER_ID, correlationId: 'req-7f3a', now: NOW });
}

function payment(status: Payment['status']): Payment {
  const reason = status === 'DECLINED' ? 'amount_limit_exceeded' : null;
  return {
    id: '1e2d3c4b-5a69-4788-9796-a5b4c3d2e1f0',
    orderId: ORDER_ID,
    amount: 2800,
    currency: 'EUR',
    status,
    reason,
    correlationId: 'req-7f3a',
    createdAt: NOW,
    updatedAt: NOW,
  };
}

/** What the message pact checks: the payload, plus topic, key and every header as metadata. */
function asPactMessage(message: CapturedMessage) {
  return providerWithMetadata(() => message.payload, {
    topic: message.topic,
    key: message.key,
    contentType: 'application/json',
    ...message.headers,
  });
}

/** Produces each pact message with the reference service's own event builders and outbox writer (as the relay publishes it). */
export async function createMessageProviders(): Promise<MessageProviders> {
  const placed = order();
  const confirmed = { ...placed, status: 'CONFIRMED' as const, paymentStatus: 'AUTHORIZED' as const };
  const cancelled = cancelOrder(confirmed, 'changed my mind', new Date('2026-11-20T10:20:00.000Z'));
  const fromOrder = (event: Parameters<typeof captureOutbox>[1]) => captureOutbox('/order-service', event);
  const fromPayment = (status: Payment['status']) =>
    captureOutbox('/payment-service', paymentEvent(payment(status), 'req-7f3a'));
  return {
    'an order.created event': asPactMessage(await fromOrder(orderCreatedEvent(placed))),
    'an order.cancelled event': asPactMessage(await fromOrder(orderCancelledEvent(confirmed, cancelled, 'req-8a01'))),
    'a payment.authorized event': asPactMessage(await fromPayment('AUTHORIZED')),
    'a payment.declined event': asPactMessage(await fromPayment('DECLINED')),
    'a payment.refunded event': asPactMessage(await fromPayment('REFUNDED')),
  };
}
