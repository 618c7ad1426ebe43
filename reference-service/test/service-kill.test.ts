import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pause, retryUnanswered, startOrderLoad } from './support/order-load.ts';
import { eventOutcome, readTopics, waitAllFinal } from './support/saga-outcome.ts';
import type { ServiceOptions, ServiceUnderTest } from './support/service-process.ts';
import { startReferenceService, uniquePrefix } from './support/service-process.ts';

const perSecond = 12;

describe('kill -9 of each service process under load (CONTEXTS=order / CONTEXTS=payment)', () => {
  const brokers = inject('kafkaBrokers');
  const prefix = uniquePrefix('kill');
  const started: ServiceUnderTest[] = [];
  const current: Record<'order' | 'payment', ServiceUnderTest | undefined> = { order: undefined, payment: undefined };

  /** Starts (or, after a kill, restarts on the same databases and consumer groups) one context's process. */
  async function start(context: 'order' | 'payment'): Promise<ServiceUnderTest> {
    const previous = current[context];
    const options: ServiceOptions = {
      brokers,
      label: `kill-${context}`,
      groupPrefix: prefix,
      env: { CONTEXTS: context, OUTBOX_POLL_INTERVAL_MS: '200' },
      ...(previous ? { databases: previous.databases } : {}),
    };
    const service = await startReferenceService(options);
    started.push(service);
    current[context] = service;
    return service;
  }

  /** SIGKILLs a context's process (no shutdown hook runs) and starts it again. */
  async function killAndRestart(context: 'order' | 'payment'): Promise<void> {
    const exit = await current[context]?.stopProcess({ signal: 'SIGKILL' });
    expect(exit).toEqual({ code: null, signal: 'SIGKILL' });
    await pause(1_000);
    await start(context);
  }

  beforeAll(async () => {
    await Promise.all([start('order'), start('payment')]);
  });

  afterAll(async () => {
    for (const service of started.reverse()) await service.stop().catch(() => undefined);
  });

  it('loses and duplicates no accepted order when each process is SIGKILLed and restarted', async ({ annotate }) => {
    const orderUrl = () => current.order?.url ?? '';
    const load = startOrderLoad({ target: orderUrl, perSecond });
    await pause(2_000);
    await killAndRestart('order');
    await pause(2_000);
    await killAndRestart('payment');
    await pause(2_000);
    const attempts = await load.stop();

    const retried = await retryUnanswered(attempts, orderUrl());
    expect(attempts.filter((attempt) => attempt.status !== 201)).toEqual([]);
    const orderIds = attempts.map((attempt) => attempt.orderId ?? '');
    const settling = Date.now();
    expect(await waitAllFinal(orderUrl(), orderIds, 60_000)).toEqual([]);
    const finalInMs = Date.now() - settling;

    const topic = (address: string) => current.order?.topic(address) ?? address;
    const topics = {
      created: topic('order.created'),
      decisions: [topic('payment.authorized'), topic('payment.declined')],
    };
    const outcome = eventOutcome(await readTopics(brokers, [topics.created, ...topics.decisions]), topics, orderIds);
    await annotate(
      `posted ${attempts.length}, accepted ${orderIds.length} (${retried} after a retry with the same key), ` +
        `final ${orderIds.length} within ${finalInMs} ms of the load ending, duplicated ${outcome.duplicated.length}, ` +
        `redelivered copies ${outcome.redelivered}`,
    );
    expect(retried).toBeGreaterThan(0);
    expect(new Set(orderIds).size).toBe(attempts.length);
    expect(outcome).toMatchObject({ missing: [], duplicated: [], phantom: [] });
  }, 180_000);
});
