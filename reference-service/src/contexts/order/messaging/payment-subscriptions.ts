import type { Queryable } from '../../../platform/db/database.ts';
import type { Logger } from '../../../platform/logging/logger.ts';
import type { Subscription } from '../../../platform/messaging/inbound-event.ts';
import { subscribe } from '../../../platform/messaging/inbound-event.ts';
import type { Order } from '../domain/order.ts';
import { recordAuthorization, recordDecline, recordRefund } from '../domain/order.ts';
import { findOrder, saveOrderState } from '../store/order-repository.ts';

async function apply(
  tx: Queryable,
  logger: Logger,
  event: { topic: string; orderId: string },
  change: (order: Order, now: Date) => Order,
): Promise<void> {
  const before = await findOrder(tx, event.orderId, { lock: true });
  if (!before) {
    // Another deployment's order (shared topics): nothing of ours to change.
    logger.warn({ orderId: event.orderId, topic: event.topic }, 'payment event for an unknown order ignored');
    return;
  }
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

/** The order side of the saga: payment outcomes move the order on. */
export function paymentSubscriptions(logger: Logger): Subscription[] {
  return [
    subscribe('payment.authorized', (event, tx) =>
      apply(tx, logger, { topic: event.topic, orderId: event.payload.orderId }, recordAuthorization),
    ),
    subscribe('payment.declined', (event, tx) =>
      apply(tx, logger, { topic: event.topic, orderId: event.payload.orderId }, (order, now) =>
        recordDecline(order, event.payload.reason, now),
      ),
    ),
    subscribe('payment.refunded', (event, tx) =>
      apply(tx, logger, { topic: event.topic, orderId: event.payload.orderId }, recordRefund),
    ),
  ];
}
