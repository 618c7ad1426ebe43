import type { Queryable } from '../../../platform/db/database.ts';
import type { Order, OrderItem, OrderShipment, OrderStatus, PaymentStatus } from '../domain/order.ts';

interface OrderRow {
  id: string;
  customer_id: string;
  currency: string;
  items: OrderItem[];
  total_amount: string | number;
  status: OrderStatus;
  payment_status: PaymentStatus;
  payment_id: string | null;
  status_reason: string | null;
  correlation_id: string;
  shipment: OrderShipment | null;
  created_at: Date | string;
  updated_at: Date | string;
}

const insertColumns =
  'id, customer_id, currency, items, total_amount, status, payment_status, status_reason, correlation_id, created_at, updated_at';
const columns = `${insertColumns}, shipment, payment_id`;

function toOrder(row: OrderRow): Order {
  return {
    id: row.id,
    customerId: row.customer_id,
    currency: row.currency,
    items: row.items,
    totalAmount: Number(row.total_amount),
    status: row.status,
    paymentStatus: row.payment_status,
    paymentId: row.payment_id ?? null,
    statusReason: row.status_reason,
    correlationId: row.correlation_id,
    shipment: row.shipment ?? null,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** Inserts a new order. */
export async function insertOrder(tx: Queryable, order: Order): Promise<void> {
  await tx.query(`INSERT INTO orders (${insertColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, [
    order.id,
    order.customerId,
    order.currency,
    JSON.stringify(order.items),
    order.totalAmount,
    order.status,
    order.paymentStatus,
    order.statusReason,
    order.correlationId,
    order.createdAt,
    order.updatedAt,
  ]);
}

/** Reads an order; `lock` takes a row lock for the rest of the transaction. */
export async function findOrder(
  db: Queryable,
  id: string,
  options: { lock?: boolean } = {},
): Promise<Order | undefined> {
  const rows = await db.query<OrderRow>(
    `SELECT ${columns} FROM orders WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ? toOrder(rows[0]) : undefined;
}

/** Saves an order's status fields. */
export async function saveOrderState(tx: Queryable, order: Order): Promise<void> {
  await tx.query(
    'UPDATE orders SET status = $2, payment_status = $3, payment_id = $4, status_reason = $5, updated_at = $6 WHERE id = $1',
    [order.id, order.status, order.paymentStatus, order.paymentId, order.statusReason, order.updatedAt],
  );
}

/** Saves the shipment recorded on an order. */
export async function saveOrderShipment(tx: Queryable, order: Order): Promise<void> {
  await tx.query('UPDATE orders SET shipment = $2, updated_at = $3 WHERE id = $1', [
    order.id,
    order.shipment ? JSON.stringify(order.shipment) : null,
    order.updatedAt,
  ]);
}

/** Filters and keyset position of a page. */
export interface OrderQuery {
  readonly status?: OrderStatus | undefined;
  readonly customerId?: string | undefined;
  readonly after?: { readonly createdAt: Date; readonly id: string } | undefined;
  readonly limit: number;
}

/** Orders newest first (created_at, id descending), after the keyset position. */
export async function listOrders(db: Queryable, query: OrderQuery): Promise<Order[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.status) {
    params.push(query.status);
    where.push(`status = $${params.length}`);
  }
  if (query.customerId) {
    params.push(query.customerId);
    where.push(`customer_id = $${params.length}`);
  }
  if (query.after) {
    params.push(query.after.createdAt, query.after.id);
    where.push(`(created_at, id) < ($${params.length - 1}, $${params.length})`);
  }
  params.push(query.limit);
  const rows = await db.query<OrderRow>(
    `SELECT ${columns} FROM orders ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map(toOrder);
}
