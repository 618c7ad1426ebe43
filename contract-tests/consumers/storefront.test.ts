import { MatchersV3, PactV4, SpecificationVersion } from '@pact-foundation/pact';
import { describe, expect, it } from 'vitest';
import { StorefrontError, storefrontClient } from './clients/storefront-client.ts';
import { correlationId, orderBody } from './order-matchers.ts';
import { PACT_DIR } from './pact-dir.ts';

const { eachLike, fromProviderState, like, regex, uuid } = MatchersV3;

const pact = new PactV4({
  consumer: 'storefront',
  provider: 'order-service',
  dir: PACT_DIR,
  spec: SpecificationVersion.SPECIFICATION_VERSION_V4,
  logLevel: 'warn',
});

const json = { 'content-type': regex('^application/json(;.*)?$', 'application/json') };
const problemJson = { 'content-type': regex('^application/problem\\+json(;.*)?$', 'application/problem+json') };
const correlated = { 'x-correlation-id': correlationId('storefront-1') };
const order = { customerId: 'customer-42', currency: 'EUR', items: [{ sku: 'BOOK-1', quantity: 2, unitPrice: 1250 }] };
const ORDER_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('storefront → order-service (HTTP)', () => {
  it('places an order with an idempotency key', async () => {
    await pact
      .addInteraction()
      .uponReceiving('a request to place an order with an idempotency key')
      .withRequest('POST', '/orders', (request) =>
        request
          .headers({ 'content-type': 'application/json', 'idempotency-key': like('checkout-7f3a-1'), ...correlated })
          .jsonBody(order),
      )
      .willRespondWith(201, (response) =>
        response
          .headers({ ...json, ...correlated, location: regex('^/orders/[0-9a-f-]{36}$', `/orders/${ORDER_ID}`) })
          .jsonBody(orderBody({ status: 'PENDING', paymentStatus: 'PENDING' })),
      )
      .executeTest(async (server) => {
        const created = await storefrontClient(server.url).createOrder(order, 'checkout-7f3a-1');
        expect(created).toMatchObject({ status: 'PENDING', totalAmount: 2500 });
      });
  });

  it('reads an order', async () => {
    await pact
      .addInteraction()
      .given('an order exists', { customerId: 'customer-42' })
      .uponReceiving('a request for an existing order')
      .withRequest('GET', fromProviderState('/orders/${orderId}', `/orders/${ORDER_ID}`), (request) =>
        request.headers(correlated),
      )
      .willRespondWith(200, (response) =>
        response.headers({ ...json, ...correlated }).jsonBody(
          orderBody({
            id: fromProviderState('${orderId}', ORDER_ID),
            status: regex('^(PENDING|CONFIRMED|REJECTED)$', 'PENDING'),
            paymentStatus: like('PENDING'),
          }),
        ),
      )
      .executeTest(async (server) => {
        const found = await storefrontClient(server.url).getOrder(ORDER_ID);
        expect(found.id).toBe(ORDER_ID);
      });
  });

  it('gets a problem for an unknown order', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    await pact
      .addInteraction()
      .uponReceiving('a request for an order that does not exist')
      .withRequest('GET', `/orders/${unknown}`, (request) => request.headers(correlated))
      .willRespondWith(404, (response) =>
        response.headers({ ...problemJson, ...correlated }).jsonBody({
          type: like('urn:tracegate:problem:not-found'),
          title: like('Not found'),
          status: 404,
          correlationId: correlationId('storefront-1'),
        }),
      )
      .executeTest(async (server) => {
        const error = await storefrontClient(server.url)
          .getOrder(unknown)
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StorefrontError);
        expect((error as StorefrontError).status).toBe(404);
      });
  });

  it("lists a customer's orders", async () => {
    await pact
      .addInteraction()
      .given('an order exists', { customerId: 'customer-42' })
      .uponReceiving("a request for a customer's orders")
      .withRequest('GET', '/orders', (request) =>
        request.query({ customerId: 'customer-42', limit: '10' }).headers(correlated),
      )
      .willRespondWith(200, (response) =>
        response.headers({ ...json, ...correlated }).jsonBody({
          items: eachLike(
            orderBody({
              status: regex('^(PENDING|CONFIRMED|REJECTED|CANCELLED)$', 'PENDING'),
              paymentStatus: like('PENDING'),
            }),
          ),
          nextCursor: null,
        }),
      )
      .executeTest(async (server) => {
        const page = await storefrontClient(server.url).listOrders({ customerId: 'customer-42', limit: 10 });
        expect(page.items.length).toBeGreaterThan(0);
      });
  });

  it('cancels a pending order', async () => {
    await pact
      .addInteraction()
      .given('a pending order exists', { customerId: 'customer-42' })
      .uponReceiving('a request to cancel a pending order')
      .withRequest('POST', fromProviderState('/orders/${orderId}/cancel', `/orders/${ORDER_ID}/cancel`), (request) =>
        request.headers({ 'content-type': 'application/json', ...correlated }).jsonBody({ reason: 'changed my mind' }),
      )
      .willRespondWith(200, (response) =>
        response.headers({ ...json, ...correlated }).jsonBody(
          orderBody({
            id: uuid(ORDER_ID),
            status: 'CANCELLED',
            paymentStatus: like('PENDING'),
            statusReason: like('changed my mind'),
          }),
        ),
      )
      .executeTest(async (server) => {
        const cancelled = await storefrontClient(server.url).cancelOrder(ORDER_ID, 'changed my mind');
        expect(cancelled.status).toBe('CANCELLED');
      });
  });
});
