// `@tracegate/reference-service/messages`: what provider verification of the service's message pacts builds its
// messages from — the domain operations, the event builders and the outbox writer the running service uses.
export { cancelOrder, placeOrder } from './contexts/order/domain/order.ts';
export { orderCancelledEvent, orderCreatedEvent } from './contexts/order/messaging/order-events.ts';
export type { Payment } from './contexts/payment/domain/payment.ts';
export { paymentEvent } from './contexts/payment/messaging/payment-events.ts';
export { createOutboxWriter } from './platform/outbox/outbox.ts';
