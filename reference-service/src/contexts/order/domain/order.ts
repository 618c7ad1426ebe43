import { ServiceError } from '../../../platform/errors.ts';

/** PENDING until payment decides; CONFIRMED/REJECTED by payment; CANCELLED by the customer. */
export type OrderStatus = 'PENDING' | 'CONFIRMED' | 'REJECTED' | 'CANCELLED';

/** What the order context knows of its payment. */
export type PaymentStatus = 'PENDING' | 'AUTHORIZED' | 'DECLINED' | 'REFUNDED';

/** A line item; amounts in minor units. */
export interface OrderItem {
  readonly sku: string;
  readonly quantity: number;
  readonly unitPrice: number;
}

/** The shipment the shipping context scheduled for an order. */
export interface OrderShipment {
  readonly shipmentId: string;
  readonly carrier: 'parcel' | 'freight';
  /** A calendar date, `YYYY-MM-DD`. */
  readonly scheduledFor: string;
}

/** The order aggregate. */
export interface Order {
  readonly id: string;
  readonly customerId: string;
  readonly currency: string;
  readonly items: readonly OrderItem[];
  readonly totalAmount: number;
  readonly status: OrderStatus;
  readonly paymentStatus: PaymentStatus;
  /** The authorization the order took (`null` until one arrives, and for orders confirmed before ids were kept). */
  readonly paymentId: string | null;
  readonly statusReason: string | null;
  readonly correlationId: string;
  readonly shipment: OrderShipment | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A request to place an order. */
export interface NewOrder {
  readonly customerId: string;
  readonly currency: string;
  readonly items: readonly OrderItem[];
}

/** Sum of quantity × unit price. */
export function totalOf(items: readonly OrderItem[]): number {
  return items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0);
}

/** A new PENDING order. */
export function placeOrder(input: NewOrder, meta: { id: string; correlationId: string; now: Date }): Order {
  return {
    id: meta.id,
    customerId: input.customerId,
    currency: input.currency,
    items: input.items.map((item) => ({ sku: item.sku, quantity: item.quantity, unitPrice: item.unitPrice })),
    totalAmount: totalOf(input.items),
    status: 'PENDING',
    paymentStatus: 'PENDING',
    paymentId: null,
    statusReason: null,
    correlationId: meta.correlationId,
    shipment: null,
    createdAt: meta.now,
    updatedAt: meta.now,
  };
}

/** Statuses a customer may cancel from. */
export const cancellableStatuses: readonly OrderStatus[] = ['PENDING', 'CONFIRMED'];

/** Cancels a PENDING or CONFIRMED order; any other status is an ILLEGAL_TRANSITION. */
export function cancelOrder(order: Order, reason: string | null, now: Date): Order {
  if (!cancellableStatuses.includes(order.status)) {
    throw new ServiceError('ILLEGAL_TRANSITION', `order ${order.id} is ${order.status} and cannot be cancelled`);
  }
  return { ...order, status: 'CANCELLED', statusReason: reason ?? 'cancelled by customer', updatedAt: now };
}

/** Payment authorized: a PENDING order is confirmed; a cancelled one only records it (the refund follows). */
export function recordAuthorization(order: Order, paymentId: string, now: Date): Order {
  if (order.status === 'PENDING') {
    return { ...order, status: 'CONFIRMED', paymentStatus: 'AUTHORIZED', paymentId, updatedAt: now };
  }
  if (order.status === 'CANCELLED' && order.paymentStatus === 'PENDING') {
    return { ...order, paymentStatus: 'AUTHORIZED', paymentId, updatedAt: now };
  }
  return order;
}

/** Why an order no longer takes an authorization; the payment context refunds it on `order.payment-rejected`. */
export type AuthorizationRefusal = 'already_paid' | 'order_rejected' | 'order_cancelled';

/**
 * Whether `order` refuses the authorization `paymentId`. It takes it while PENDING, and once CANCELLED before payment
 * decided (the cancellation's own refund covers that payment). The same authorization again is no new payment; an
 * AUTHORIZED order without a recorded id cannot tell it apart, so it refuses nothing. Otherwise the order is closed
 * for payment: CONFIRMED by another authorization, REJECTED after a decline, or CANCELLED with its payment settled.
 */
export function authorizationRefusal(order: Order, paymentId: string): AuthorizationRefusal | undefined {
  if (order.status === 'PENDING' || order.paymentStatus === 'PENDING' || order.paymentId === paymentId)
    return undefined;
  if (order.paymentStatus === 'AUTHORIZED' && order.paymentId === null) return undefined;
  if (order.status === 'CONFIRMED') return 'already_paid';
  return order.status === 'REJECTED' ? 'order_rejected' : 'order_cancelled';
}

/** Payment declined: a PENDING order is REJECTED with the reason; a cancelled one only records it. */
export function recordDecline(order: Order, reason: string, now: Date): Order {
  if (order.status === 'PENDING') {
    return {
      ...order,
      status: 'REJECTED',
      paymentStatus: 'DECLINED',
      statusReason: `payment declined: ${reason}`,
      updatedAt: now,
    };
  }
  if (order.status === 'CANCELLED' && order.paymentStatus === 'PENDING') {
    return { ...order, paymentStatus: 'DECLINED', updatedAt: now };
  }
  return order;
}

/** Payment refunded (after a cancellation); the refund of an authorization the order refused changes nothing. */
export function recordRefund(order: Order, paymentId: string, now: Date): Order {
  if (order.paymentStatus === 'REFUNDED') return order;
  if (order.paymentId !== null && order.paymentId !== paymentId) return order;
  return { ...order, paymentStatus: 'REFUNDED', updatedAt: now };
}

/** Shipment scheduled: the order records it; the same shipment again changes nothing. */
export function recordShipment(order: Order, shipment: OrderShipment, now: Date): Order {
  if (order.shipment?.shipmentId === shipment.shipmentId) return order;
  const { shipmentId, carrier, scheduledFor } = shipment;
  return { ...order, shipment: { shipmentId, carrier, scheduledFor }, updatedAt: now };
}
