import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gateContext, pactConsumersGate, verifyProvider } from '@tracegate/harness/testing';
import { describe, expect, it } from 'vitest';
import { createMessageProviders } from './message-providers.ts';

describe('message providers of the reference service', () => {
  it("satisfy the consumers' message pacts with the events the outbox writes", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracegate-pacts-'));
    await pactConsumersGate.run(
      gateContext({ config: { pacts: { dir, consumerTests: ['contract-tests/consumers/'] } } }),
    );
    const messageProviders = await createMessageProviders();
    const results = [
      ...(await verifyProvider({
        provider: 'order-service',
        baseUrl: 'http://127.0.0.1:9',
        pactFiles: [join(dir, 'payment-service-order-service.json')],
        messageProviders,
      })),
      ...(await verifyProvider({
        provider: 'payment-service',
        baseUrl: 'http://127.0.0.1:9',
        pactFiles: [join(dir, 'order-service-payment-service.json')],
        messageProviders,
      })),
    ];
    expect(results.filter((r) => !r.ok).map((r) => `${r.description}: ${r.mismatches.join('; ')}`)).toEqual([]);
    expect(results).toHaveLength(5);
  });

  it('carry topic, key, traceparent and CloudEvents headers as metadata', async () => {
    const providers = await createMessageProviders();
    const created = (await providers['an order.created event']?.({ description: 'an order.created event' })) as {
      __pactMessageMetadata: Record<string, string>;
    };
    expect(created.__pactMessageMetadata).toMatchObject({
      topic: 'order.created',
      key: '0f8fad5b-d9cb-469f-a165-70867728950e',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      ce_type: 'io.tracegate.order.created',
      'x-correlation-id': 'req-7f3a',
    });
  });
});
