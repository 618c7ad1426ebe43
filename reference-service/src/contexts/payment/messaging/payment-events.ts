import type { PaymentAuthorizedPayload, PaymentDeclinedPayload, PaymentRefundedPayload } from '@tracegate/contracts';
import type { Payment } from '../domain/payment.ts';

type PaymentEvent =
  | { topic: 'payment.authorized'; key: string; payload: PaymentAuthorizedPayload }
  | { topic: 'payment.declined'; key: string; payload: PaymentDeclinedPayload }
  | { topic: 'payment.refunded'; key: string; payload: PaymentRefundedPayload };

/** The event announcing a payment's new status, under the correlation id of the event that caused it. */
export function paymentEvent(payment: Payment, correlationId: string): PaymentEvent {
  const common = {
    paymentId: payment.id,
    orderId: payment.orderId,
    amount: payment.amount,
    currency: payment.currency,
    correlationId,
  };
  const at = payment.updatedAt.toISOString();
  switch (payment.status) {
    case 'AUTHORIZED':
      return { topic: 'payment.authorized', key: payment.orderId, payload: { ...common, authorizedAt: at } };
    case 'DECLINED':
      return {
        topic: 'payment.declined',
        key: payment.orderId,
        payload: { ...common, reason: payment.reason ?? 'amount_limit_exceeded', declinedAt: at },
      };
    case 'REFUNDED':
      return { topic: 'payment.refunded', key: payment.orderId, payload: { ...common, refundedAt: at } };
  }
}
