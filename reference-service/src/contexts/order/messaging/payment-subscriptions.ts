import type { OrderPaymentRejectedPayload, PaymentAuthorizedPayload } from '@tracegate/contracts';
import type { Queryable } from '../../../platform/db/database.ts';
import type { Logger } from '../../../platform/logging/logger.ts';
import type { InboundEvent, Subscription } from '../../../platform/messaging/inbound-event.ts';
import { subscribe } from '../../../platform/messaging/inbound-event.ts';
import { deploymentHeader } from '../../../platform/outbox/outbox.ts';
import type { ContextDependencies } from '../../../platform/runtime/context-module.ts';
import type { Order } from '../domain/order.ts';
import { authorizationRefusal, recordAuthorization, recordDecline, recordRefund } from '../domain/order.ts';
import { findOrder, saveOrderState } from '../store/order-repository.ts';
import { orderPaymentRejectedEvent } from './order-events.ts';

type Refuse = (tx: Queryable, reason: OrderPaymentRejectedPayload['reason']) => Promise<void>;

async function apply(
  tx: Queryable,
  logger: Logger,
  event: { topic: string; orderId: string; refuse?: { paymentId: string; send: Refuse } },
  change: (order: Order, now: Date) => Order,
): Promise<void> {
  const before = await findOrder(tx, event.orderId, { lock: true });
  const { refuse } = event;
  if (!before) {
    if (refuse) return refuse.send(tx, 'unknown_order');
    logger.warn({ orderId: event.orderId, topic: event.topic }, 'payment event for an unknown order ignored');
    return;
  }
  const refusal = refuse && authorizationRefusal(before, refuse.paymentId);
  if (refuse && refusal) return refuse.send(tx, refusal);
  const after = change(before, new Date());
  if (after === before) {
    logger.info({ orderId: before.id, status: before.status, topic: event.topic }, 'payment event changed nothing');
    return;
  }
  await saveOrderState(tx, after);
  logger.info(
    { orderId: after.id, status: after.status, paymentStatus: after.paymentStatus, topic: event.topic },
    'order updated from payment',
  );
}

/**
 * An authorization for an order this context never created, or one that no longer takes payment
 * ({@link authorizationRefusal}), asks payment to refund it. Only when the authorization comes from this deployment —
 * on shared topics, another deployment's orders are not ours to refund.
 */
function refuseAuthorization(deps: ContextDependencies, event: InboundEvent<PaymentAuthorizedPayload>): Refuse {
  return async (tx, reason) => {
    const own = (event.headers[deploymentHeader] ?? '') === deps.config.kafka.groupIdPrefix;
    const fields = { orderId: event.payload.orderId, paymentId: event.payload.paymentId, reason };
    const what = reason === 'unknown_order' ? 'an unknown order' : 'an order that no longer takes payment';
    if (!own) return void deps.logger.warn(fields, `another deployment's authorization for ${what} ignored`);
    await deps.outbox.enqueue(tx, orderPaymentRejectedEvent(event.payload, { reason, now: new Date() }));
    deps.logger.warn(fields, `payment authorized for ${what}: refund requested`);
  };
}

/** The order side of the saga: payment outcomes move the order on; an authorization it cannot take is sent back. */
export function paymentSubscriptions(deps: ContextDependencies): Subscription[] {
  const { logger } = deps;
  return [
    subscribe('payment.authorized', (event, tx) =>
      apply(
        tx,
        logger,
        {
          topic: event.topic,
          orderId: event.payload.orderId,
          refuse: { paymentId: event.payload.paymentId, send: refuseAuthorization(deps, event) },
        },
        (order, now) => recordAuthorization(order, event.payload.paymentId, now),
      ),
    ),
    subscribe('payment.declined', (event, tx) =>
      apply(tx, logger, { topic: event.topic, orderId: event.payload.orderId }, (order, now) =>
        recordDecline(order, event.payload.reason, now),
      ),
    ),
    subscribe('payment.refunded', (event, tx) =>
      apply(tx, logger, { topic: event.topic, orderId: event.payload.orderId }, (order, now) =>
        recordRefund(order, event.payload.paymentId, now),
      ),
    ),
  ];
}
