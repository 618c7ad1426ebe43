import { describe, expect, it } from 'vitest';
import type { Payment } from './payment.ts';
import { decide, paymentForCancelledOrder, paymentForNewOrder, paymentForRejectedOrder } from './payment.ts';

const now = new Date('2026-11-20T10:00:00.000Z');
const request = { orderId: 'o-1', amount: 5_000, currency: 'EUR', correlationId: 'req-1' };

function payment(status: Payment['status']): Payment {
  return { id: 'p-1', ...request, status, reason: null, createdAt: now, updatedAt: now };
}

describe('decide', () => {
  it.each([
    [0, 'AUTHORIZED'],
    [10_000, 'AUTHORIZED'],
    [10_001, 'DECLINED'],
  ])('amount %i against a limit of 10000 is %s', (amount, status) => {
    expect(decide(amount, 10_000).status).toBe(status);
  });

  it('names the reason of a decline', () => {
    expect(decide(20_000, 10_000)).toEqual({ status: 'DECLINED', reason: 'amount_limit_exceeded' });
  });
});

describe('paymentForNewOrder', () => {
  it('authorizes within the limit', () => {
    expect(paymentForNewOrder(undefined, request, { id: 'p-1', limit: 10_000, now })).toMatchObject({
      status: 'AUTHORIZED',
      reason: null,
      amount: 5_000,
    });
  });

  it('declines above the limit', () => {
    expect(paymentForNewOrder(undefined, request, { id: 'p-1', limit: 4_999, now })).toMatchObject({
      status: 'DECLINED',
      reason: 'amount_limit_exceeded',
    });
  });

  it.each<Payment['status']>(['AUTHORIZED', 'DECLINED', 'REFUNDED'])(
    'does nothing when a %s payment exists',
    (status) => {
      expect(paymentForNewOrder(payment(status), request, { id: 'p-2', limit: 10_000, now })).toBeUndefined();
    },
  );
});

describe('paymentForCancelledOrder', () => {
  it('refunds an authorized payment', () => {
    expect(paymentForCancelledOrder(payment('AUTHORIZED'), request, { id: 'p-2', now })).toMatchObject({
      id: 'p-1',
      status: 'REFUNDED',
    });
  });

  it('records a decline when the cancel overtook order.created', () => {
    expect(paymentForCancelledOrder(undefined, request, { id: 'p-2', now })).toMatchObject({
      id: 'p-2',
      status: 'DECLINED',
      reason: 'order_cancelled',
    });
  });

  it.each<Payment['status']>(['DECLINED', 'REFUNDED'])('does nothing for a %s payment', (status) => {
    expect(paymentForCancelledOrder(payment(status), request, { id: 'p-2', now })).toBeUndefined();
  });
});

describe('paymentForRejectedOrder', () => {
  const later = new Date('2026-11-20T10:05:00.000Z');

  it('refunds the authorization the order context rejected', () => {
    expect(paymentForRejectedOrder(payment('AUTHORIZED'), 'p-1', later)).toMatchObject({
      id: 'p-1',
      status: 'REFUNDED',
      updatedAt: later,
    });
  });

  it.each([
    ['no payment', undefined, 'p-1'],
    ['another payment of the order', payment('AUTHORIZED'), 'p-2'],
    ['an already refunded payment', payment('REFUNDED'), 'p-1'],
    ['a declined payment', payment('DECLINED'), 'p-1'],
  ])('changes nothing for %s', (_label, existing, paymentId) => {
    expect(paymentForRejectedOrder(existing, paymentId, later)).toBeUndefined();
  });
});
