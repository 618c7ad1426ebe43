import { createHash, randomUUID } from 'node:crypto';
import { ServiceError } from '../../../platform/errors.ts';
import type { ContextDependencies } from '../../../platform/runtime/context-module.ts';
import type { NewOrder, Order } from '../domain/order.ts';
import { placeOrder } from '../domain/order.ts';
import { orderCreatedEvent } from '../messaging/order-events.ts';
import type { StoredPlacement } from '../store/idempotency-store.ts';
import { findPlacement, storePlacement } from '../store/idempotency-store.ts';
import { insertOrder } from '../store/order-repository.ts';

/** An order placed by this request, or the one an earlier request with the same Idempotency-Key placed. */
export interface PlaceOrderResult {
  readonly order: Order;
  readonly replayed: boolean;
}

function hashOf(input: NewOrder): string {
  const canonical = JSON.stringify({
    customerId: input.customerId,
    currency: input.currency,
    items: input.items.map((item) => [item.sku, item.quantity, item.unitPrice]),
  });
  return createHash('sha256').update(canonical).digest('hex');
}

function replay(key: string, hash: string, stored: StoredPlacement): PlaceOrderResult {
  if (stored.requestHash !== hash) {
    throw new ServiceError('IDEMPOTENCY_KEY_REUSED', `Idempotency-Key "${key}" was used with a different request body`);
  }
  return { order: stored.order, replayed: true };
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

/** Places an order: order row, outbox row and idempotency record in one transaction. */
export async function createOrder(
  deps: ContextDependencies,
  request: { input: NewOrder; correlationId: string; idempotencyKey: string | undefined },
): Promise<PlaceOrderResult> {
  const { idempotencyKey: key, input } = request;
  const hash = hashOf(input);
  try {
    return await deps
      .transact(async (tx) => {
        const stored = key === undefined ? undefined : await findPlacement(tx, key);
        if (key !== undefined && stored) return replay(key, hash, stored);
        const order = placeOrder(input, { id: randomUUID(), correlationId: request.correlationId, now: new Date() });
        await insertOrder(tx, order);
        await deps.outbox.enqueue(tx, orderCreatedEvent(order));
        if (key !== undefined) await storePlacement(tx, key, { requestHash: hash, order });
        return { order, replayed: false };
      })
      .then((result) => {
        if (!result.replayed) {
          deps.metrics.ordersCreated.inc();
          deps.logger.info({ orderId: result.order.id, totalAmount: result.order.totalAmount }, 'order created');
        }
        return result;
      });
  } catch (error) {
    // A concurrent request with the same key committed first: answer with its order.
    if (key === undefined || !isUniqueViolation(error)) throw error;
    const stored = await findPlacement(deps.db, key);
    if (!stored) throw error;
    return replay(key, hash, stored);
  }
}
