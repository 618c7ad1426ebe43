import type { ProviderContext, ProviderStateInfo } from '@tracegate/harness';

type Json = Record<string, unknown>;

async function placeOrder(baseUrl: string, customerId: string, unitPrice = 1250): Promise<string> {
  const response = await fetch(new URL('/orders', baseUrl), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-correlation-id': 'pact-state',
      'idempotency-key': `pact-${crypto.randomUUID()}`,
    },
    body: JSON.stringify({ customerId, currency: 'EUR', items: [{ sku: 'BOOK-1', quantity: 2, unitPrice }] }),
  });
  if (response.status !== 201)
    throw new Error(`state setup: POST /orders answered ${response.status}: ${await response.text()}`);
  return String(((await response.json()) as Json).id);
}

const withOrderInfo = {
  params: { customerId: 'the customer the order is placed for (default customer-42)' },
  returns: { orderId: 'id of the order placed through POST /orders' },
};
const messageState = { description: 'message state: the message providers build the event from the domain' };
const liveState = (what: string) => ({
  description: `message state: the message providers build the event; on a running system ${what}, so the live event is published too`,
});

/** What each provider state reads and returns, listed by `tracegate pact states` and in the verify report. */
export const providerStates: Record<string, Omit<ProviderStateInfo, 'name'>> = {
  'an order exists': { description: 'a PENDING order, placed through the API', ...withOrderInfo },
  'a pending order exists': { description: 'a PENDING order that can still be cancelled', ...withOrderInfo },
  'an order was placed': liveState('an order is placed through the API'),
  'a confirmed order was cancelled': messageState,
  'a payment was authorized': liveState('an order within the payment limit is placed'),
  'a payment was declined': liveState('an order above the payment limit is placed'),
  'a payment was refunded': messageState,
};

/**
 * Provider states of the order service, set up through its own HTTP API (never by writing its tables). Each returns
 * the values the consumer's `fromProviderState` expressions use (`orderId`). Message states need no setup for the
 * message providers, which build their events from the domain; where one order through the API makes the running
 * services publish the same event, the state places it, so the pact-provider gate also proves it on the wire.
 */
export function createStateHandlers(context: ProviderContext) {
  const withOrder = async (params: unknown) => ({ orderId: await placeOrder(context.baseUrl, customerOf(params)) });
  const orders = context.serviceUrls['order-service'];
  // A customer of its own: the storefront's pact lists customer-42's orders and expects none declined.
  const live = (unitPrice: number) => async () =>
    void (orders ? await placeOrder(orders, 'pact-live-events', unitPrice) : undefined);
  const none = async () => undefined;
  return {
    'an order exists': withOrder,
    'a pending order exists': withOrder,
    'an order was placed': live(1250),
    'a confirmed order was cancelled': none,
    'a payment was authorized': live(1250),
    // Above the payment service's default limit (PAYMENT_AMOUNT_LIMIT).
    'a payment was declined': live(2_000_000),
    'a payment was refunded': none,
  };
}

function customerOf(params: unknown): string {
  const value = (params as Json | undefined)?.customerId;
  return typeof value === 'string' ? value : 'customer-42';
}
