import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const type = { combine: 'AND', matchers: [{ match: 'type' }] };
const integer = { combine: 'AND', matchers: [{ match: 'integer' }] };
const json = (content: unknown) => ({ contentType: 'application/json', encoded: false, content });

/** How a test bends the hand-written pact. */
export interface OutsidePactOptions {
  /** Fields the consumer also expects in an order (e.g. one the provider never returns). */
  readonly extraOrderFields?: Record<string, unknown>;
  /** Provider state of the order read (default "an order exists"). */
  readonly orderState?: string;
  /** Description of the message interaction (default "an order.created event"). */
  readonly messageDescription?: string;
  /** Fields the consumer also expects, by equality, in the order.created event. */
  readonly extraEventFields?: Record<string, unknown>;
}

/**
 * A V4 pact of a consumer outside this repository ("mobile-app"), written by hand the way any team's tooling would
 * write it: an order read by id from a provider state (`fromProviderState` generators), a missing order, and the
 * `order.created` event it consumes.
 */
export function outsidePact(options: OutsidePactOptions = {}) {
  const orderId = '0f8fad5b-d9cb-469f-a165-70867728950e';
  const readOrder = {
    type: 'Synchronous/HTTP',
    description: 'a mobile request for an order',
    providerStates: [{ name: options.orderState ?? 'an order exists', params: { customerId: 'customer-77' } }],
    request: {
      method: 'GET',
      path: `/orders/${orderId}`,
      generators: { path: { type: 'ProviderState', expression: '/orders/${orderId}', dataType: 'STRING' } },
    },
    response: {
      status: 200,
      body: json({
        id: orderId,
        customerId: 'customer-77',
        status: 'PENDING',
        totalAmount: 2500,
        ...options.extraOrderFields,
      }),
      matchingRules: { body: { '$.id': type, '$.totalAmount': integer } },
      generators: { body: { '$.id': { type: 'ProviderState', expression: '${orderId}', dataType: 'STRING' } } },
    },
  };
  const missingOrder = {
    type: 'Synchronous/HTTP',
    description: 'a mobile request for a missing order',
    request: { method: 'GET', path: '/orders/00000000-0000-4000-8000-000000000000' },
    response: { status: 404 },
  };
  const event = {
    type: 'Asynchronous/Messages',
    description: options.messageDescription ?? 'an order.created event',
    providerStates: [{ name: 'an order was placed' }],
    contents: json({ orderId, customerId: 'customer-42', totalAmount: 2800, ...options.extraEventFields }),
    metadata: { topic: 'order.created' },
    matchingRules: { body: { '$.orderId': type, '$.customerId': type, '$.totalAmount': integer } },
  };
  return {
    consumer: { name: 'mobile-app' },
    provider: { name: 'order-service' },
    interactions: [readOrder, missingOrder, event],
    metadata: { pactSpecification: { version: '4.0' } },
  };
}

/** Writes the pact where pact files are dropped (`pacts.dir`), under the name Pact would give it. */
export function writeOutsidePact(dir: string, options: OutsidePactOptions = {}): string {
  const path = join(dir, 'mobile-app-order-service.json');
  writeFileSync(path, JSON.stringify(outsidePact(options), null, 2));
  return path;
}
