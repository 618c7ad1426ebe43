import type { KafkaHandle } from '@tracegate/harness';
import { startKafka } from '@tracegate/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pause, retryUnanswered, startOrderLoad } from './support/order-load.ts';
import { eventOutcome, readTopics, waitAllFinal } from './support/saga-outcome.ts';
import type { ServiceUnderTest } from './support/service-process.ts';
import { startReferenceService } from './support/service-process.ts';

const perSecond = 12;

describe('kill -9 of the Kafka broker under load (dedicated broker)', () => {
  let kafka: KafkaHandle;
  let service: ServiceUnderTest;

  beforeAll(async () => {
    kafka = await startKafka({ strategy: 'jvm', env: { ...process.env, KAFKA_BROKERS: '' } });
    service = await startReferenceService({
      brokers: kafka.bootstrap,
      label: 'broker-kill',
      env: { OUTBOX_POLL_INTERVAL_MS: '200' },
    });
  }, 240_000);

  afterAll(async () => {
    await service?.stop();
    await kafka?.stop();
  });

  it('loses and duplicates no accepted order across a SIGKILLed broker restarted on its own data', async ({
    annotate,
  }) => {
    expect(kafka.killBroker && kafka.startBroker).toBeTruthy();
    const load = startOrderLoad({ target: () => service.url, perSecond });
    await pause(3_000);
    const pid = kafka.brokerPid?.();
    await kafka.killBroker?.();
    expect(kafka.brokerPid?.()).toBeUndefined();
    await pause(2_000);
    await kafka.startBroker?.();
    expect(kafka.brokerPid?.()).not.toBe(pid);
    await pause(3_000);
    const attempts = await load.stop();

    const retried = await retryUnanswered(attempts, service.url);
    expect(attempts.filter((attempt) => attempt.status !== 201)).toEqual([]);
    const orderIds = attempts.map((attempt) => attempt.orderId ?? '');
    const settling = Date.now();
    expect(await waitAllFinal(service.url, orderIds, 60_000)).toEqual([]);
    const finalInMs = Date.now() - settling;

    const topics = {
      created: service.topic('order.created'),
      decisions: [service.topic('payment.authorized'), service.topic('payment.declined')],
    };
    const outcome = eventOutcome(
      await readTopics(kafka.bootstrap, [topics.created, ...topics.decisions]),
      topics,
      orderIds,
    );
    await annotate(
      `posted ${attempts.length}, accepted ${orderIds.length} (${retried} after a retry with the same key), ` +
        `final ${orderIds.length} within ${finalInMs} ms of the load ending, duplicated ${outcome.duplicated.length}, ` +
        `redelivered copies ${outcome.redelivered}`,
    );
    expect(new Set(orderIds).size).toBe(attempts.length);
    expect(outcome).toMatchObject({ missing: [], duplicated: [], phantom: [] });
  }, 180_000);
});
