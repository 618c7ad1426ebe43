import type { KafkaHandle } from '@tracegate/harness';
import { startKafka } from '@tracegate/harness';
import type { KafkaTap } from '@tracegate/trace-assertions';
import { tapKafka } from '@tracegate/trace-assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, orderBody, request } from './support/http.ts';
import type { ServiceUnderTest } from './support/service-process.ts';
import { startReferenceService } from './support/service-process.ts';

const orders = 8;

describe('broker down during order intake (dedicated broker)', () => {
  let kafka: KafkaHandle;
  let service: ServiceUnderTest;
  let tap: KafkaTap | undefined;

  beforeAll(async () => {
    kafka = await startKafka({ strategy: 'jvm', env: { ...process.env, KAFKA_BROKERS: '' } });
    service = await startReferenceService({
      brokers: kafka.bootstrap,
      label: 'outage',
      env: { OUTBOX_POLL_INTERVAL_MS: '500' },
    });
  }, 240_000);

  afterAll(async () => {
    await tap?.stop();
    await service?.stop();
    await kafka?.stop();
  });

  it('accepts orders while Kafka is down and delivers every event exactly once in effect after it is back', async () => {
    expect(kafka.stopBroker && kafka.startBroker).toBeTruthy();
    await kafka.stopBroker?.();

    const ids: string[] = [];
    for (let index = 0; index < orders; index += 1) {
      const response = await request(`${service.url}/orders`, { body: orderBody(1_000 + index) });
      expect(response.status).toBe(201);
      ids.push((response.body as { id: string }).id);
    }
    const down = await request(`${service.url}/health/ready`);
    expect(down.status).toBe(503);
    expect((down.body as { checks: Record<string, { status: string }> }).checks.broker?.status).toBe('unavailable');
    const backlog = await request(`${service.url}/metrics`);
    expect(backlog.text).toMatch(new RegExp(`outbox_backlog\\{context="order"\\} ${orders}`));

    await kafka.startBroker?.();

    for (const id of ids) {
      await eventually(
        async () =>
          ((await request(`${service.url}/orders/${id}`)).body as { status: string }).status === 'CONFIRMED' ||
          undefined,
        { what: `order ${id} confirmed after the broker came back`, timeoutMs: 90_000, intervalMs: 250 },
      );
    }
    tap = await tapKafka({ brokers: kafka.bootstrap, topics: [service.topic('order.created')], fromBeginning: true });
    for (const id of ids) await tap.waitFor({ topic: service.topic('order.created'), key: id }, { timeoutMs: 15_000 });
    for (const id of ids) {
      expect(service.logs.find({ message: 'payment authorized', fields: { orderId: id } })).toHaveLength(1);
      expect(service.logs.find({ message: 'order updated from payment', fields: { orderId: id } })).toHaveLength(1);
    }
    await eventually(async () => ((await request(`${service.url}/health/ready`)).status === 200 ? true : undefined), {
      what: 'readiness after the outage',
      timeoutMs: 30_000,
    });
  }, 180_000);
});
