import { randomUUID } from 'node:crypto';
import { asyncapiMessage } from '@tracegate/contracts';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testProducer } from './support/kafka-producer.ts';
import type { ServiceUnderTest } from './support/service-process.ts';
import { startReferenceService } from './support/service-process.ts';

// A correctness bound, not the target: with kafkajs's 30 s default session the restarted member waited 24–27 s
// after it was up. Measured from the restarted process listening, so a slow start on a loaded machine does not count.
const RESUME_BOUND_MS = 10_000;

describe('a payment consumer restarted after kill -9', () => {
  let brokers: string;
  let first: ServiceUnderTest | undefined;
  let second: ServiceUnderTest | undefined;
  let producer: Producer & { close(): Promise<void> };

  beforeAll(async () => {
    brokers = inject('kafkaBrokers');
    producer = await testProducer(brokers);
    first = await startReferenceService({ brokers, label: 'recovery', env: { CONTEXTS: 'payment' } });
  });
  afterAll(async () => {
    await producer?.close();
    await first?.stop().catch(() => undefined);
    await second?.stop();
  });

  async function sendOrderCreated(service: ServiceUnderTest): Promise<string> {
    const example = asyncapiMessage('order.created').examples[0];
    const orderId = randomUUID();
    const payload = { ...(example?.payload as Record<string, unknown>), orderId };
    await producer.send({
      topic: service.topic('order.created'),
      messages: [
        {
          key: orderId,
          value: JSON.stringify(payload),
          headers: { ...(example?.headers as Record<string, string>), ce_id: randomUUID() },
        },
      ],
    });
    return orderId;
  }

  it('processes the next message within the bound after the restart', async ({ annotate }) => {
    const service = first as ServiceUnderTest;
    const before = await sendOrderCreated(service);
    await service.logs.waitFor({ message: 'payment authorized', fields: { orderId: before } }, { timeoutMs: 20_000 });

    await service.stopProcess({ signal: 'SIGKILL' });
    const killedAt = Date.now();
    const orderId = await sendOrderCreated(service);
    second = await startReferenceService({
      brokers,
      label: 'recovery',
      env: { CONTEXTS: 'payment' },
      databases: service.databases,
      groupPrefix: service.groupPrefix,
      waitReady: false,
    });
    const startedAt = Date.now();
    await second.logs.waitFor({ message: 'payment authorized', fields: { orderId } }, { timeoutMs: 30_000 });
    const resumedAt = Date.now();
    const measured = `kill → processed ${resumedAt - killedAt} ms; restarted process listening → processed ${resumedAt - startedAt} ms`;
    await annotate(measured);
    expect(resumedAt - startedAt, measured).toBeLessThan(RESUME_BOUND_MS);
  });
});
