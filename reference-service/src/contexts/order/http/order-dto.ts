import type { Order } from '../domain/order.ts';

/** The `Order` schema of openapi.yaml. */
export interface OrderDto {
  readonly id: string;
  readonly customerId: string;
  readonly currency: string;
  readonly items: Order['items'];
  readonly totalAmount: number;
  readonly status: Order['status'];
  readonly paymentStatus: Order['paymentStatus'];
  readonly statusReason: string | null;
  readonly correlationId: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Present once the shipping context scheduled a shipment. */
  readonly shipment?: NonNullable<Order['shipment']>;
}

/** Maps the aggregate to its HTTP representation. */
export function toOrderDto(order: Order): OrderDto {
  return {
    id: order.id,
    customerId: order.customerId,
    currency: order.currency,
    items: order.items,
    totalAmount: order.totalAmount,
    status: order.status,
    paymentStatus: order.paymentStatus,
    statusReason: order.statusReason,
    correlationId: order.correlationId,
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
    ...(order.shipment ? { shipment: order.shipment } : {}),
  };
}
