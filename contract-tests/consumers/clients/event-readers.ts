/** A message as a Kafka consumer sees it: the decoded JSON value and the topic, key and headers. */
export interface ReceivedEvent {
  readonly value: unknown;
  readonly headers: Record<string, unknown>;
}

/** The event a Pact asynchronous message stands for (`contents.content` is the value, `metadata` the headers). */
export function fromPactMessage(message: { contents: unknown; metadata?: unknown }): ReceivedEvent {
  const contents = message.contents as { content?: unknown } | null;
  return { value: contents?.content, headers: (message.metadata ?? {}) as Record<string, unknown> };
}

/** What payment-service reads from `order.created`. */
export interface OrderCreatedView {
  readonly orderId: string;
  readonly totalAmount: number;
  readonly currency: string;
  readonly correlationId: string;
}

/** What the order context reads from `payment.*` and payment from `order.cancelled`: the order and the correlation. */
export interface OrderRefView {
  readonly orderId: string;
  readonly correlationId: string;
  readonly reason?: string | null;
}

/** A message the consumer cannot use. */
export class UnreadableEventError extends Error {
  override readonly name = 'UnreadableEventError';
}

function field<T>(contents: unknown, name: string, type: 'string' | 'number'): T {
  const value = (contents as Record<string, unknown> | null)?.[name];
  if (typeof value !== type)
    throw new UnreadableEventError(`event field ${name} is not a ${type}: ${JSON.stringify(value)}`);
  return value as T;
}

function requireHeaders(event: ReceivedEvent, names: readonly string[]): void {
  const missing = names.filter((name) => typeof event.headers[name] !== 'string');
  if (missing.length > 0) throw new UnreadableEventError(`event lacks ${missing.join(', ')}`);
}

const TRACE_HEADERS = ['traceparent', 'x-correlation-id', 'ce_type', 'ce_id'];

/** payment-service's reader of `order.created`. */
export function readOrderCreated(event: ReceivedEvent): OrderCreatedView {
  requireHeaders(event, TRACE_HEADERS);
  return {
    orderId: field(event.value, 'orderId', 'string'),
    totalAmount: field(event.value, 'totalAmount', 'number'),
    currency: field(event.value, 'currency', 'string'),
    correlationId: field(event.value, 'correlationId', 'string'),
  };
}

/** The reader of events that refer to an order (`order.cancelled`, `payment.*`). */
export function readOrderRef(event: ReceivedEvent): OrderRefView {
  requireHeaders(event, TRACE_HEADERS);
  const reason = (event.value as Record<string, unknown> | null)?.reason;
  return {
    orderId: field(event.value, 'orderId', 'string'),
    correlationId: field(event.value, 'correlationId', 'string'),
    ...(typeof reason === 'string' || reason === null ? { reason } : {}),
  };
}
