/** A JSON Schema object (draft 2020-12 as used by OpenAPI 3.1 and AsyncAPI 3.0). */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** A parsed OpenAPI 3.1 document (only the parts the loaders rely on are typed). */
export interface OpenApiDocument {
  readonly openapi: string;
  readonly info: { readonly title: string; readonly version: string };
  readonly paths: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly components?: { readonly schemas?: Readonly<Record<string, JsonSchema>> };
  readonly [key: string]: unknown;
}

/** A parsed AsyncAPI 3.0 document (only the parts the loaders rely on are typed). */
export interface AsyncApiDocument {
  readonly asyncapi: string;
  readonly info: { readonly title: string; readonly version: string };
  readonly channels: Readonly<Record<string, AsyncApiChannel>>;
  readonly operations?: Readonly<Record<string, unknown>>;
  readonly components?: Readonly<Record<string, unknown>>;
  readonly [key: string]: unknown;
}

/** One AsyncAPI channel as written in the document. */
export interface AsyncApiChannel {
  readonly address: string;
  readonly description?: string;
  readonly messages: Readonly<Record<string, unknown>>;
}

/** One message of one channel, with every `$ref` resolved so a JSON Schema validator can compile it as is. */
export interface AsyncApiMessage {
  /** The channel's id in the document, e.g. `orderCreated`. */
  readonly channelId: string;
  /** The Kafka topic, e.g. `order.created`. */
  readonly address: string;
  /** The message's `name`, e.g. `OrderCreated`. */
  readonly name: string;
  readonly contentType: string | undefined;
  readonly headers: JsonSchema | undefined;
  readonly payload: JsonSchema | undefined;
  /** The Kafka binding's key schema. */
  readonly key: JsonSchema | undefined;
  readonly examples: readonly AsyncApiMessageExample[];
}

/** An example message from the document. */
export interface AsyncApiMessageExample {
  readonly name?: string;
  readonly headers?: Readonly<Record<string, unknown>>;
  readonly payload?: unknown;
}

/** Topics of the saga's events (AsyncAPI channel addresses). */
export type EventTopic =
  | 'order.created'
  | 'order.cancelled'
  | 'payment.authorized'
  | 'payment.declined'
  | 'payment.refunded'
  | 'order.payment-rejected'
  | 'shipment.scheduled';

/** Line item of an order, amounts in minor units. */
export interface OrderItemData {
  readonly sku: string;
  readonly quantity: number;
  readonly unitPrice: number;
}

/** Payload of `order.created`. */
export interface OrderCreatedPayload {
  readonly orderId: string;
  readonly customerId: string;
  readonly currency: string;
  readonly totalAmount: number;
  readonly items: readonly OrderItemData[];
  readonly correlationId: string;
  readonly createdAt: string;
}

/** Payload of `order.cancelled`. */
export interface OrderCancelledPayload {
  readonly orderId: string;
  readonly previousStatus: 'PENDING' | 'CONFIRMED';
  readonly totalAmount: number;
  readonly currency: string;
  readonly reason: string | null;
  readonly correlationId: string;
  readonly cancelledAt: string;
}

/** Payload of `payment.authorized`. */
export interface PaymentAuthorizedPayload {
  readonly paymentId: string;
  readonly orderId: string;
  readonly amount: number;
  readonly currency: string;
  readonly correlationId: string;
  readonly authorizedAt: string;
}

/** Why a payment was declined. */
export type DeclineReason = 'amount_limit_exceeded' | 'order_cancelled';

/** Payload of `payment.declined`. */
export interface PaymentDeclinedPayload {
  readonly paymentId: string;
  readonly orderId: string;
  readonly amount: number;
  readonly currency: string;
  readonly reason: DeclineReason;
  readonly correlationId: string;
  readonly declinedAt: string;
}

/** Payload of `payment.refunded`. */
export interface PaymentRefundedPayload {
  readonly paymentId: string;
  readonly orderId: string;
  readonly amount: number;
  readonly currency: string;
  readonly correlationId: string;
  readonly refundedAt: string;
}

/** Payload of `order.payment-rejected`. */
export interface OrderPaymentRejectedPayload {
  readonly paymentId: string;
  readonly orderId: string;
  readonly amount: number;
  readonly currency: string;
  /** `unknown_order`, or why a known order no longer takes payment. */
  readonly reason: 'unknown_order' | 'already_paid' | 'order_rejected' | 'order_cancelled';
  readonly correlationId: string;
  readonly rejectedAt: string;
}

/** Payload type per topic. */
export interface EventPayloads {
  readonly 'order.created': OrderCreatedPayload;
  readonly 'order.cancelled': OrderCancelledPayload;
  readonly 'payment.authorized': PaymentAuthorizedPayload;
  readonly 'payment.declined': PaymentDeclinedPayload;
  readonly 'payment.refunded': PaymentRefundedPayload;
  readonly 'order.payment-rejected': OrderPaymentRejectedPayload;
  readonly 'shipment.scheduled': ShipmentScheduledPayload;
}

/** Payload of `shipment.scheduled` (published by the shipping service). */
export interface ShipmentScheduledPayload {
  readonly shipmentId: string;
  readonly orderId: string;
  readonly carrier: 'parcel' | 'freight';
  readonly itemCount: number;
  /** A calendar date, `YYYY-MM-DD`. */
  readonly scheduledFor: string;
  readonly correlationId: string;
  readonly scheduledAt: string;
}

/** Codes of {@link ContractError}. */
export type ContractErrorCode = 'CONTRACT_NOT_FOUND' | 'CONTRACT_INVALID' | 'UNKNOWN_CHANNEL' | 'UNRESOLVED_REF';
