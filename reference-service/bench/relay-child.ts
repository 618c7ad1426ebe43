// The order context without its HTTP path, for the outbox relay bench: started by `startService` as in production
// (relay, kick on commit, consumers), orders committed straight through the context's `createOrder` (order
// repository + outbox row, one transaction) at a fixed rate. Run with the telemetry preload; each order runs inside
// a span, as a request's would, so the outbox row stores a traceparent. Places warm-up orders, prints
// `{"relayReady":true}` once they are published, waits for "go" on stdin, offers the load, prints one line
// `{"relayLoad":{…}}` on stdout, then shuts the service down.
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { trace } from '@opentelemetry/api';
import { createOrder } from '../src/contexts/order/application/create-order.ts';
import { orderContext } from '../src/contexts/order/order-context.ts';
import { loadConfig } from '../src/platform/config/config.ts';
import { countPending } from '../src/platform/outbox/outbox-rows.ts';
import type { ContextDependencies } from '../src/platform/runtime/context-module.ts';
import { startService } from '../src/platform/runtime/start-service.ts';

const rate = Number(process.env.BENCH_RATE ?? '500');
const seconds = Number(process.env.BENCH_SECONDS ?? '10');
const warmup = Number(process.env.BENCH_WARMUP ?? '200');
const tracer = trace.getTracer('outbox-relay-bench');

let deps: ContextDependencies | undefined;
let firstError: string | undefined;
const service = await startService(loadConfig(process.env), [
  {
    ...orderContext,
    build: (given) => {
      deps = given;
      return orderContext.build(given);
    },
  },
]);

async function place(customerId: string): Promise<boolean> {
  if (!deps) throw new Error('the order context was not built');
  const input = { customerId, currency: 'EUR', items: [{ sku: 'B-1', quantity: 1, unitPrice: 999 }] };
  const placed = deps;
  return tracer.startActiveSpan('bench order', async (span) => {
    try {
      await createOrder(placed, { input, correlationId: randomUUID(), idempotencyKey: undefined });
      return true;
    } catch (error) {
      firstError ??= error instanceof Error ? error.message : String(error);
      return false;
    } finally {
      span.end();
    }
  });
}

/** Offers `rate` orders/s on a fixed schedule whatever the commits take (at most 4,096 in flight). */
async function openLoop(): Promise<{ created: number; failed: number; seconds: number }> {
  const inFlight = new Set<Promise<void>>();
  const started = Date.now();
  let sent = 0;
  let created = 0;
  let failed = 0;
  while (Date.now() - started < seconds * 1_000) {
    const due = Math.floor(((Date.now() - started) / 1_000) * rate);
    for (; sent < due && inFlight.size < 4_096; sent += 1) {
      const order: Promise<void> = place('bench').then((ok) => {
        if (ok) created += 1;
        else failed += 1;
      });
      inFlight.add(order);
      void order.finally(() => inFlight.delete(order));
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(inFlight);
  return { created, failed, seconds: (Date.now() - started) / 1_000 };
}

/** Waits (up to 30 s) until the relay has published every committed row. */
async function drained(): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (deps && (await countPending(deps.db)) > 0) {
    if (Date.now() > deadline) throw new Error('the warm-up orders were not published within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// The warm-up runs first: once its events are out, the topic exists for the bench's consumer.
for (let index = 0; index < warmup; index += 1) await place('warmup');
await drained();
process.stdout.write(`${JSON.stringify({ relayReady: true })}\n`);
const lines = createInterface({ input: process.stdin });
for await (const line of lines) if (line.trim() === 'go') break;
const cpuBefore = process.cpuUsage();
const load = await openLoop();
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(
  `${JSON.stringify({ relayLoad: { ...load, cpuMs: (cpu.user + cpu.system) / 1_000, firstError } })}\n`,
);
lines.close();
process.exitCode = await service.shutdown('bench done');
