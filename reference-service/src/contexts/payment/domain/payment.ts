import type { DeclineReason } from '@tracegate/contracts';

/** AUTHORIZED or DECLINED when decided; REFUNDED after a cancellation of an authorized order. */
export type PaymentStatus = 'AUTHORIZED' | 'DECLINED' | 'REFUNDED';

/** The payment aggregate (one per order). */
export interface Payment {
  readonly id: string;
  readonly orderId: string;
  readonly amount: number;
  readonly currency: string;
  readonly status: PaymentStatus;
  readonly reason: DeclineReason | null;
  readonly correlationId: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What payment is asked to pay for. */
export interface PaymentRequest {
  readonly orderId: string;
  readonly amount: number;
  readonly currency: string;
  readonly correlationId: string;
}

/** Deterministic decision: amounts above the limit are declined. */
export function decide(
  amount: number,
  limit: number,
): { status: 'AUTHORIZED' } | { status: 'DECLINED'; reason: DeclineReason } {
  return amount > limit ? { status: 'DECLINED', reason: 'amount_limit_exceeded' } : { status: 'AUTHORIZED' };
}

/**
 * order.created: decides a payment unless one exists (a redelivery, or the order was cancelled before it
 * was decided, in which case the decline was already recorded).
 */
export function paymentForNewOrder(
  existing: Payment | undefined,
  request: PaymentRequest,
  meta: { id: string; limit: number; now: Date },
): Payment | undefined {
  if (existing) return undefined;
  const decision = decide(request.amount, meta.limit);
  return {
    id: meta.id,
    orderId: request.orderId,
    amount: request.amount,
    currency: request.currency,
    status: decision.status,
    reason: decision.status === 'DECLINED' ? decision.reason : null,
    correlationId: request.correlationId,
    createdAt: meta.now,
    updatedAt: meta.now,
  };
}

/**
 * order.cancelled: refunds an authorized payment; records a decline (`order_cancelled`) when the cancel
 * overtook order.created; otherwise nothing changes.
 */
export function paymentForCancelledOrder(
  existing: Payment | undefined,
  request: PaymentRequest,
  meta: { id: string; now: Date },
): Payment | undefined {
  if (!existing) {
    return {
      id: meta.id,
      orderId: request.orderId,
      amount: request.amount,
      currency: request.currency,
      status: 'DECLINED',
      reason: 'order_cancelled',
      correlationId: request.correlationId,
      createdAt: meta.now,
      updatedAt: meta.now,
    };
  }
  if (existing.status !== 'AUTHORIZED') return undefined;
  return { ...existing, status: 'REFUNDED', updatedAt: meta.now };
}

/**
 * order.payment-rejected: the order context does not know the order, so the authorization it names is refunded;
 * anything else (another payment, already refunded or declined) changes nothing.
 */
export function paymentForRejectedOrder(
  existing: Payment | undefined,
  paymentId: string,
  now: Date,
): Payment | undefined {
  if (!existing || existing.id !== paymentId || existing.status !== 'AUTHORIZED') return undefined;
  return { ...existing, status: 'REFUNDED', updatedAt: now };
}
