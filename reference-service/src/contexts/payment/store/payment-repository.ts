import type { DeclineReason } from '@tracegate/contracts';
import type { Queryable } from '../../../platform/db/database.ts';
import type { Payment, PaymentStatus } from '../domain/payment.ts';

interface PaymentRow {
  id: string;
  order_id: string;
  amount: string | number;
  currency: string;
  status: PaymentStatus;
  reason: DeclineReason | null;
  correlation_id: string;
  created_at: Date | string;
  updated_at: Date | string;
}

const columns = 'id, order_id, amount, currency, status, reason, correlation_id, created_at, updated_at';

function toPayment(row: PaymentRow): Payment {
  return {
    id: row.id,
    orderId: row.order_id,
    amount: Number(row.amount),
    currency: row.currency,
    status: row.status,
    reason: row.reason,
    correlationId: row.correlation_id,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** The payment of an order, locked for the rest of the transaction. */
export async function findPaymentForOrder(tx: Queryable, orderId: string): Promise<Payment | undefined> {
  const rows = await tx.query<PaymentRow>(`SELECT ${columns} FROM payments WHERE order_id = $1 FOR UPDATE`, [orderId]);
  return rows[0] ? toPayment(rows[0]) : undefined;
}

/** Inserts a payment or updates its status. */
export async function savePayment(tx: Queryable, payment: Payment): Promise<void> {
  await tx.query(
    `INSERT INTO payments (${columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, reason = EXCLUDED.reason, updated_at = EXCLUDED.updated_at`,
    [
      payment.id,
      payment.orderId,
      payment.amount,
      payment.currency,
      payment.status,
      payment.reason,
      payment.correlationId,
      payment.createdAt,
      payment.updatedAt,
    ],
  );
}
