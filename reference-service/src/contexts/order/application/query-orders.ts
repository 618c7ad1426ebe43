import type { Queryable } from '../../../platform/db/database.ts';
import { ServiceError } from '../../../platform/errors.ts';
import type { Order, OrderStatus } from '../domain/order.ts';
import { decodeCursor, encodeCursor } from '../store/cursor.ts';
import { findOrder, listOrders } from '../store/order-repository.ts';

/** GET /orders/{id}. */
export async function getOrder(db: Queryable, id: string): Promise<Order> {
  const order = await findOrder(db, id);
  if (!order) throw new ServiceError('NOT_FOUND', `order ${id} does not exist`);
  return order;
}

/** One page of GET /orders. */
export interface OrderPage {
  readonly items: readonly Order[];
  readonly nextCursor: string | null;
}

/** GET /orders: newest first; fetches one extra row to know whether a next page exists. */
export async function getOrderPage(
  db: Queryable,
  query: {
    status?: OrderStatus | undefined;
    customerId?: string | undefined;
    cursor?: string | undefined;
    limit: number;
  },
): Promise<OrderPage> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const rows = await listOrders(db, {
    status: query.status,
    customerId: query.customerId,
    after,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > query.limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null;
  return { items: page, nextCursor };
}
