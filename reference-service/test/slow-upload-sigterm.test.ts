import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { orderBody, request } from './support/http.ts';
import { postOrder } from './support/order-load.ts';
import type { TrickleResult } from './support/raw-http.ts';
import { trickleRequest } from './support/raw-http.ts';
import { eventOutcome, readTopics, waitAllFinal } from './support/saga-outcome.ts';
import type { ServiceUnderTest } from './support/service-process.ts';
import { startReferenceService } from './support/service-process.ts';

const brokers = inject('kafkaBrokers');

/** POST /orders whose body arrives in `chunks` pieces `intervalMs` apart; SIGTERM follows the first piece. */
async function slowUploadAcrossSigterm(service: ServiceUnderTest, pacing: { chunks: number; intervalMs: number }) {
  const body = JSON.stringify(orderBody(900));
  const key = `slow-${randomBytes(8).toString('hex')}`;
  const head =
    'POST /orders HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\n' +
    `idempotency-key: ${key}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n`;
  let exit: Promise<{ code: number | null; signal: string | null }> | undefined;
  const result: TrickleResult = await trickleRequest(service.url, {
    head,
    body,
    ...pacing,
    onStarted: () => {
      exit = service.stopProcess({ signal: 'SIGTERM' });
    },
  });
  return { key, result, exit: await exit };
}

/** The same databases and consumer groups again, as a restarted deployment would run. */
function restart(service: ServiceUnderTest, label: string): Promise<ServiceUnderTest> {
  return startReferenceService({ brokers, label, databases: service.databases, groupPrefix: service.groupPrefix });
}

/** Every order the service holds, by id. */
async function orderIds(service: ServiceUnderTest): Promise<string[]> {
  const page = (await request(`${service.url}/orders?limit=100`)).body as { items: { id: string }[] };
  return page.items.map((order) => order.id);
}

async function events(service: ServiceUnderTest, ids: readonly string[]) {
  const topics = {
    created: service.topic('order.created'),
    decisions: [service.topic('payment.authorized'), service.topic('payment.declined')],
  };
  return eventOutcome(await readTopics(brokers, [topics.created, ...topics.decisions]), topics, ids);
}

describe('a slow upload across SIGTERM', () => {
  const started: ServiceUnderTest[] = [];
  afterAll(async () => {
    for (const service of started.reverse()) await service.stop().catch(() => undefined);
  });

  it('completes a body that arrives within the shutdown grace: 201, then the order reaches a final state', async ({
    annotate,
  }) => {
    const first = await startReferenceService({ brokers, label: 'slow-ok', env: { SHUTDOWN_TIMEOUT_MS: '10000' } });
    started.push(first);
    const signalled = Date.now();
    const { result, exit } = await slowUploadAcrossSigterm(first, { chunks: 10, intervalMs: 200 });
    expect('response' in result && result.response.status, JSON.stringify(result)).toBe(201);
    const id = 'response' in result ? (JSON.parse(result.response.body) as { id: string }).id : '';
    expect(exit).toEqual({ code: 0, signal: null });
    const exitedInMs = Date.now() - signalled;

    const second = await restart(first, 'slow-ok');
    started.push(second);
    expect(await waitAllFinal(second.url, [id], 30_000)).toEqual([]);
    expect(await orderIds(second)).toEqual([id]);
    const outcome = await events(second, [id]);
    await annotate(
      `201 after SIGTERM; exit 0 ${exitedInMs} ms after the signal; duplicated ${outcome.duplicated.length}`,
    );
    expect(outcome).toMatchObject({ missing: [], duplicated: [], phantom: [] });
  }, 120_000);

  it('drops a body still arriving when the grace ends without an answer or an order; its key then creates one', async ({
    annotate,
  }) => {
    const first = await startReferenceService({ brokers, label: 'slow-late', env: { SHUTDOWN_TIMEOUT_MS: '1000' } });
    started.push(first);
    const { key, result, exit } = await slowUploadAcrossSigterm(first, { chunks: 10, intervalMs: 400 });
    await annotate(`answer ${JSON.stringify(result)}; exit ${JSON.stringify(exit)}`);
    // Not one response byte: nothing the client could take for an acceptance.
    expect('error' in result || Number.isNaN(result.response.status), JSON.stringify(result)).toBe(true);
    expect('response' in result ? result.response.body : '').toBe('');
    expect(exit).toEqual({ code: 1, signal: null });

    const second = await restart(first, 'slow-late');
    started.push(second);
    expect(await orderIds(second)).toEqual([]);
    const retried = await postOrder(second.url, key);
    expect(retried.status).toBe(201);
    const id = retried.orderId ?? '';
    expect(await waitAllFinal(second.url, [id], 30_000)).toEqual([]);
    expect(await orderIds(second)).toEqual([id]);
    expect(await events(second, [id])).toMatchObject({ missing: [], duplicated: [], phantom: [] });
  }, 120_000);
});
