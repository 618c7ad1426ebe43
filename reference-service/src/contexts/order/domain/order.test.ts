import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../../platform/errors.ts';
import type { Order, OrderStatus, PaymentStatus } from './order.ts';
import {
  authorizationRefusal,
  cancelOrder,
  placeOrder,
  recordAuthorization,
  recordDecline,
  recordRefund,
  recordShipment,
  totalOf,
} from './order.ts';

const now = new Date('2026-11-20T10:00:00.000Z');
const later = new Date('2026-11-20T10:05:00.000Z');

function order(status: OrderStatus, paymentStatus: PaymentStatus = 'PENDING', paymentId: string | null = null): Order {
  const placed = placeOrder(
    { customerId: 'c-1', currency: 'EUR', items: [{ sku: 'A', quantity: 2, unitPrice: 1250 }] },
    { id: 'o-1', correlationId: 'req-1', now },
  );
  return { ...placed, status, paymentStatus, paymentId };
}

describe('placeOrder', () => {
  it('starts PENDING with the computed total', () => {
    const placed = order('PENDING');
    expect(placed).toMatchObject({
      status: 'PENDING',
      paymentStatus: 'PENDING',
      totalAmount: 2500,
      statusReason: null,
    });
    expect(
      totalOf([
        { sku: 'A', quantity: 3, unitPrice: 100 },
        { sku: 'B', quantity: 1, unitPrice: 7 },
      ]),
    ).toBe(307);
  });
});

describe('cancelOrder', () => {
  it.each<OrderStatus>(['PENDING', 'CONFIRMED'])('cancels a %s order', (status) => {
    expect(cancelOrder(order(status), 'changed my mind', later)).toMatchObject({
      status: 'CANCELLED',
      statusReason: 'changed my mind',
      updatedAt: later,
    });
  });

  it.each<OrderStatus>(['REJECTED', 'CANCELLED'])('refuses a %s order with ILLEGAL_TRANSITION', (status) => {
    try {
      cancelOrder(order(status), null, later);
      expect.fail('expected an ILLEGAL_TRANSITION');
    } catch (error) {
      expect(error).toBeInstanceOf(ServiceError);
      expect((error as ServiceError).code).toBe('ILLEGAL_TRANSITION');
      expect((error as Error).message).toBe(`order o-1 is ${status} and cannot be cancelled`);
    }
  });
});

describe('payment outcomes', () => {
  it.each<[string, Order, (o: Order) => Order, Partial<Order>]>([
    [
      'authorized confirms a PENDING order',
      order('PENDING'),
      (o) => recordAuthorization(o, 'p-1', later),
      { status: 'CONFIRMED', paymentStatus: 'AUTHORIZED', paymentId: 'p-1' },
    ],
    [
      'authorized after a cancel only records it',
      order('CANCELLED'),
      (o) => recordAuthorization(o, 'p-1', later),
      { status: 'CANCELLED', paymentStatus: 'AUTHORIZED', paymentId: 'p-1' },
    ],
    [
      'declined rejects a PENDING order',
      order('PENDING'),
      (o) => recordDecline(o, 'amount_limit_exceeded', later),
      { status: 'REJECTED', paymentStatus: 'DECLINED', statusReason: 'payment declined: amount_limit_exceeded' },
    ],
    [
      'declined after a cancel only records it',
      order('CANCELLED'),
      (o) => recordDecline(o, 'order_cancelled', later),
      { status: 'CANCELLED', paymentStatus: 'DECLINED' },
    ],
    [
      'refunded records the refund',
      order('CANCELLED', 'AUTHORIZED', 'p-1'),
      (o) => recordRefund(o, 'p-1', later),
      { status: 'CANCELLED', paymentStatus: 'REFUNDED' },
    ],
  ])('%s', (_name, before, apply, expected) => {
    expect(apply(before)).toMatchObject(expected);
  });

  it.each<[string, Order, (o: Order) => Order]>([
    ['authorized twice', order('CONFIRMED', 'AUTHORIZED'), (o) => recordAuthorization(o, 'p-1', later)],
    ['declined after confirmation', order('CONFIRMED', 'AUTHORIZED'), (o) => recordDecline(o, 'x', later)],
    ['authorized after rejection', order('REJECTED', 'DECLINED'), (o) => recordAuthorization(o, 'p-1', later)],
    ['refunded twice', order('CANCELLED', 'REFUNDED'), (o) => recordRefund(o, 'p-1', later)],
    [
      'a refund of a refused authorization',
      order('CONFIRMED', 'AUTHORIZED', 'p-0'),
      (o) => recordRefund(o, 'p-1', later),
    ],
  ])('%s changes nothing', (_name, before, apply) => {
    expect(apply(before)).toBe(before);
  });
});

describe('authorizationRefusal', () => {
  it.each<[string, Order, ReturnType<typeof authorizationRefusal>]>([
    ['a PENDING order takes it', order('PENDING'), undefined],
    ['a cancelled order whose payment was undecided takes it', order('CANCELLED', 'PENDING'), undefined],
    ['the same authorization again is no new payment', order('CONFIRMED', 'AUTHORIZED', 'p-1'), undefined],
    ['an order confirmed before ids were kept cannot tell', order('CONFIRMED', 'AUTHORIZED'), undefined],
    ['an order confirmed by another authorization', order('CONFIRMED', 'AUTHORIZED', 'p-0'), 'already_paid'],
    ['an order rejected after a decline', order('REJECTED', 'DECLINED'), 'order_rejected'],
    ['a cancelled order whose payment was refunded', order('CANCELLED', 'REFUNDED', 'p-0'), 'order_cancelled'],
    ['a cancelled order whose payment was declined', order('CANCELLED', 'DECLINED'), 'order_cancelled'],
  ])('%s → %s', (_name, before, expected) => {
    expect(authorizationRefusal(before, 'p-1')).toBe(expected);
  });
});

describe('recordShipment', () => {
  const shipment = { shipmentId: 's-1', carrier: 'parcel', scheduledFor: '2026-11-22' } as const;

  it('records the shipment on an order that has none', () => {
    const before = order('CONFIRMED', 'AUTHORIZED');
    expect(before.shipment).toBeNull();
    expect(recordShipment(before, shipment, later)).toMatchObject({ shipment, status: 'CONFIRMED', updatedAt: later });
  });

  it('changes nothing for the same shipment again', () => {
    const recorded = recordShipment(order('PENDING'), shipment, later);
    expect(recordShipment(recorded, { ...shipment }, later)).toBe(recorded);
  });

  it('keeps only the shipment fields of a wider event payload', () => {
    const payload = { ...shipment, orderId: 'o-1', itemCount: 2 };
    expect(recordShipment(order('PENDING'), payload, later).shipment).toEqual(shipment);
  });
});
