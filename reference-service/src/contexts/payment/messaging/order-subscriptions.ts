import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../../platform/db/database.ts';
import type { Subscription } from '../../../platform/messaging/inbound-event.ts';
import { subscribe } from '../../../platform/messaging/inbound-event.ts';
import type { ContextDependencies } from '../../../platform/runtime/context-module.ts';
import type { Payment, PaymentRequest } from '../domain/payment.ts';
import { paymentForCancelledOrder, paymentForNewOrder, paymentForRejectedOrder } from '../domain/payment.ts';
import { findPaymentForOrder, savePayment } from '../store/payment-repository.ts';
import { paymentEvent } from './payment-events.ts';

type Decision = (existing: Payment | undefined, request: PaymentRequest, now: Date) => Payment | undefined;

async function settle(deps: ContextDependencies, tx: Queryable, request: PaymentRequest, decision: Decision) {
  const existing = await findPaymentForOrder(tx, request.orderId);
  const next = decision(existing, request, new Date());
  if (!next) {
    deps.logger.info({ orderId: request.orderId, status: existing?.status }, 'payment unchanged');
    return;
  }
  await savePayment(tx, next);
  await deps.outbox.enqueue(tx, paymentEvent(next, request.correlationId));
  deps.logger.info(
    { orderId: next.orderId, paymentId: next.id, status: next.status, reason: next.reason, amount: next.amount },
    `payment ${next.status.toLowerCase()}`,
  );
}

/** What an order event asks of payment: both order events carry the same order facts. */
function requestOf(event: {
  payload: { orderId: string; totalAmount: number; currency: string };
  correlationId: string;
}): PaymentRequest {
  const { orderId, totalAmount, currency } = event.payload;
  return { orderId, amount: totalAmount, currency, correlationId: event.correlationId };
}

/** What `order.payment-rejected` asks of payment: refund the named authorization. */
function refundRequestOf(event: {
  payload: { orderId: string; amount: number; currency: string };
  correlationId: string;
}): PaymentRequest {
  const { orderId, amount, currency } = event.payload;
  return { orderId, amount, currency, correlationId: event.correlationId };
}

/** The payment side of the saga. */
export function orderSubscriptions(deps: ContextDependencies): Subscription[] {
  const limit = deps.config.paymentAmountLimit;
  return [
    subscribe('order.created', (event, tx) =>
      settle(deps, tx, requestOf(event), (existing, request, now) =>
        paymentForNewOrder(existing, request, { id: randomUUID(), limit, now }),
      ),
    ),
    subscribe('order.cancelled', (event, tx) =>
      settle(deps, tx, requestOf(event), (existing, request, now) =>
        paymentForCancelledOrder(existing, request, { id: randomUUID(), now }),
      ),
    ),
    subscribe('order.payment-rejected', (event, tx) =>
      settle(deps, tx, refundRequestOf(event), (existing, _request, now) =>
        paymentForRejectedOrder(existing, event.payload.paymentId, now),
      ),
    ),
  ];
}
