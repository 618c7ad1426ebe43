import type {
  OrderCancelledPayload,
  OrderCreatedPayload,
  OrderPaymentRejectedPayload,
  PaymentAuthorizedPayload,
} from '@tracegate/contracts';
import type { Order } from '../domain/order.ts';

/** `order.created` for a new order. */
export function orderCreatedEvent(order: Order): { topic: 'order.created'; key: string; payload: OrderCreatedPayload } {
  return {
    topic: 'order.created',
    key: order.id,
    payload: {
      orderId: order.id,
      customerId: order.customerId,
      currency: order.currency,
      totalAmount: order.totalAmount,
      items: order.items,
      correlationId: order.correlationId,
      createdAt: order.createdAt.toISOString(),
    },
  };
}

/** `order.cancelled` for a cancellation made under `correlationId`. */
export function orderCancelledEvent(
  before: Order,
  after: Order,
  correlationId: string,
): { topic: 'order.cancelled'; key: string; payload: OrderCancelledPayload } {
  return {
    topic: 'order.cancelled',
    key: after.id,
    payload: {
      orderId: after.id,
      previousStatus: before.status === 'CONFIRMED' ? 'CONFIRMED' : 'PENDING',
      totalAmount: after.totalAmount,
      currency: after.currency,
      reason: after.statusReason,
      correlationId,
      cancelledAt: after.updatedAt.toISOString(),
    },
  };
}

/** `order.payment-rejected` for an authorization naming an order this context does not know or no longer pays. */
export function orderPaymentRejectedEvent(
  authorized: PaymentAuthorizedPayload,
  meta: { reason: OrderPaymentRejectedPayload['reason']; now: Date },
): { topic: 'order.payment-rejected'; key: string; payload: OrderPaymentRejectedPayload } {
  return {
    topic: 'order.payment-rejected',
    key: authorized.orderId,
    payload: {
      paymentId: authorized.paymentId,
      orderId: authorized.orderId,
      amount: authorized.amount,
      currency: authorized.currency,
      reason: meta.reason,
      correlationId: authorized.correlationId,
      rejectedAt: meta.now.toISOString(),
    },
  };
}
