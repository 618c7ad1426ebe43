import { createHash, randomUUID } from 'node:crypto';
import { ServiceError } from '../../../platform/errors.ts';
import type { ContextDependencies } from '../../../platform/runtime/context-module.ts';
import type { NewOrder } from '../domain/order.ts';
import { placeOrder } from '../domain/order.ts';
import type { OrderDto } from '../http/order-dto.ts';
import { toOrderDto } from '../http/order-dto.ts';
import { orderCreatedEvent } from '../messaging/order-events.ts';
import { findStoredResponse, storeResponse } from '../store/idempotency-store.ts';
import { insertOrder } from '../store/order-repository.ts';

/** The answer to POST /orders. */
export interface CreateOrderResult {
  readonly status: number;
  readonly body: OrderDto;
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

function replay(key: string, hash: string, stored: { requestHash: string; status: number; body: unknown }) {
  if (stored.requestHash !== hash) {
    throw new ServiceError('IDEMPOTENCY_KEY_REUSED', `Idempotency-Key "${key}" was used with a different request body`);
  }
  return { status: stored.status, body: stored.body as OrderDto, replayed: true };
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

/** Places an order: order row, outbox row and idempotency record in one transaction. */
export async function createOrder(
  deps: ContextDependencies,
  request: { input: NewOrder; correlationId: string; idempotencyKey: string | undefined },
): Promise<CreateOrderResult> {
  const { idempotencyKey: key, input } = request;
  const hash = hashOf(input);
  try {
    return await deps
      .transact(async (tx) => {
        const stored = key === undefined ? undefined : await findStoredResponse(tx, key);
        if (key !== undefined && stored) return replay(key, hash, stored);
        const order = placeOrder(input, { id: randomUUID(), correlationId: request.correlationId, now: new Date() });
        await insertOrder(tx, order);
        await deps.outbox.enqueue(tx, orderCreatedEvent(order));
        const body = toOrderDto(order);
        if (key !== undefined) await storeResponse(tx, key, { requestHash: hash, status: 201, body });
        return { status: 201, body, replayed: false };
      })
      .then((result) => {
        if (!result.replayed) {
          deps.metrics.ordersCreated.inc();
          deps.logger.info({ orderId: result.body.id, totalAmount: result.body.totalAmount }, 'order created');
        }
        return result;
      });
  } catch (error) {
    // A concurrent request with the same key committed first: answer with its response.
    if (key === undefined || !isUniqueViolation(error)) throw error;
    const stored = await findStoredResponse(deps.db, key);
    if (!stored) throw error;
    return replay(key, hash, stored);
  }
}
