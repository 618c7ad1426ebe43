import { ServiceError } from '../../../platform/errors.ts';
import type { ContextDependencies } from '../../../platform/runtime/context-module.ts';
import type { Order } from '../domain/order.ts';
import { cancelOrder } from '../domain/order.ts';
import { orderCancelledEvent } from '../messaging/order-events.ts';
import { findOrder, saveOrderState } from '../store/order-repository.ts';

/** Cancels an order and emits `order.cancelled` in the same transaction. */
export async function cancelOrderById(
  deps: ContextDependencies,
  request: { id: string; reason: string | null; correlationId: string },
): Promise<Order> {
  return deps.transact(async (tx) => {
    const before = await findOrder(tx, request.id, { lock: true });
    if (!before) throw new ServiceError('NOT_FOUND', `order ${request.id} does not exist`);
    const after = cancelOrder(before, request.reason, new Date());
    await saveOrderState(tx, after);
    await deps.outbox.enqueue(tx, orderCancelledEvent(before, after, request.correlationId));
    deps.logger.info({ orderId: after.id, previousStatus: before.status, reason: request.reason }, 'order cancelled');
    return after;
  });
}
