import { randomBytes } from 'node:crypto';
import type { KafkaTap } from '@tracegate/trace-assertions';
import { tapKafka } from '@tracegate/trace-assertions';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { request } from './support/http.ts';
import type { Attempt } from './support/order-load.ts';
import { postOrder as post } from './support/order-load.ts';
import type { ServiceUnderTest } from './support/service-process.ts';
import { startReferenceService } from './support/service-process.ts';

describe('SIGTERM during load', () => {
  const started: ServiceUnderTest[] = [];
  let tap: KafkaTap | undefined;
  afterAll(async () => {
    await tap?.stop();
    for (const service of started.reverse()) await service.stop().catch(() => undefined);
  });

  it('finishes accepted requests, drains the outbox, exits 0 in time, and loses no request', async () => {
    const brokers = inject('kafkaBrokers');
    const first = await startReferenceService({ brokers, label: 'sigterm', env: { SHUTDOWN_TIMEOUT_MS: '10000' } });
    started.push(first);
    tap = await tapKafka({ brokers, topics: [first.topic('order.created')] });

    const attempts: Attempt[] = [];
    let stopping = false;
    const worker = async () => {
      while (!stopping) attempts.push(await post(first.url, `k-${randomBytes(8).toString('hex')}`));
    };
    const workers = Array.from({ length: 8 }, worker);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const signalled = Date.now();
    const exit = await first.stopProcess({ signal: 'SIGTERM' });
    const shutdownMs = Date.now() - signalled;
    stopping = true;
    await Promise.all(workers);

    expect(exit).toEqual({ code: 0, signal: null });
    expect(shutdownMs).toBeLessThan(12_000);
    const accepted = attempts.filter((attempt) => attempt.status === 201);
    expect(accepted.length).toBeGreaterThan(10);
    expect(attempts.filter((attempt) => attempt.status !== undefined && attempt.status !== 201)).toEqual([]);
    const failures = new Set(attempts.flatMap((attempt) => (attempt.error ? [attempt.error] : [])));
    expect([...failures].every((code) => code === 'ECONNREFUSED' || code === 'ECONNRESET')).toBe(true);
    expect(
      first.process.lines().some((line) => line.includes('"msg":"shutdown complete"') && line.includes('"clean":true')),
    ).toBe(true);

    // Every accepted order's event left before exit (the relay drained).
    for (const attempt of accepted) {
      await tap.waitFor({ topic: first.topic('order.created'), key: attempt.orderId ?? '' }, { timeoutMs: 15_000 });
    }

    // Same databases, same groups: accepted orders are there, refused ones can be retried with their keys.
    const second = await startReferenceService({
      brokers,
      label: 'sigterm',
      databases: first.databases,
      groupPrefix: first.groupPrefix,
    });
    started.push(second);
    for (const attempt of accepted) {
      expect((await request(`${second.url}/orders/${attempt.orderId}`)).status).toBe(200);
    }
    for (const attempt of attempts.filter((a) => a.error)) {
      const retried = await post(second.url, attempt.key);
      expect(retried.status).toBe(201);
    }
    for (const attempt of accepted.slice(0, 5)) {
      const replay = await post(second.url, attempt.key);
      expect(replay.orderId).toBe(attempt.orderId);
    }
  }, 120_000);
});
