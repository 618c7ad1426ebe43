// The order context without its HTTP path, for the outbox relay bench: started by `startService` as in production
// (relay, kick on commit, consumers), orders committed straight through the context's `createOrder` (order
// repository + outbox row, one transaction) at a fixed rate. Run with the telemetry preload; each order runs inside
// a span, as a request's would, so the outbox row stores a traceparent. Places warm-up orders, prints
// `{"relayReady":true}` once they are published, waits for "go" on stdin, offers the load (its first
// BENCH_WARM_SECONDS, default 2, place warm-up orders at the same rate: pool connections open and the loaded paths
// compile before anything is measured; the measured orders follow without a gap), prints one line
// `{"relayLoad":{…}}` on stdout (with each order's commit time: when its transaction's COMMIT returned, the moment
// the relay is kicked), then shuts the service down.
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
const warmSeconds = Number(process.env.BENCH_WARM_SECONDS ?? '2');
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

/** Each order of the load: its id, when its COMMIT returned (epoch ms) and how long its transaction took (ms). */
const commits: [orderId: string, committedAt: number, transactionMs: number][] = [];

async function place(customerId: string): Promise<boolean> {
  if (!deps) throw new Error('the order context was not built');
  const input = { customerId, currency: 'EUR', items: [{ sku: 'B-1', quantity: 1, unitPrice: 999 }] };
  const placed = deps;
  return tracer.startActiveSpan('bench order', async (span) => {
    try {
      const started = performance.now();
      const { order } = await createOrder(placed, { input, correlationId: randomUUID(), idempotencyKey: undefined });
      if (customerId !== 'warmup')
        commits.push([order.id, Date.now(), Number((performance.now() - started).toFixed(2))]);
      return true;
    } catch (error) {
      firstError ??= error instanceof Error ? error.message : String(error);
      return false;
    } finally {
      span.end();
    }
  });
}

interface LoadFigures {
  readonly created: number;
  readonly failed: number;
  readonly seconds: number;
  readonly cpuMs: number;
}

/**
 * Offers `rate` orders/s on a fixed schedule whatever the commits take (at most 4,096 in flight): `warmSeconds` of
 * warm-up orders, then `seconds` of measured ones. Counts, time and CPU are of the measured orders only.
 */
async function openLoop(): Promise<LoadFigures> {
  const inFlight = new Set<Promise<void>>();
  const started = Date.now();
  const measuredFrom = started + warmSeconds * 1_000;
  let cpuAtMeasure: NodeJS.CpuUsage | undefined;
  let sent = 0;
  let created = 0;
  let failed = 0;
  while (Date.now() < measuredFrom + seconds * 1_000) {
    const measured = Date.now() >= measuredFrom;
    if (measured) cpuAtMeasure ??= process.cpuUsage();
    const due = Math.floor(((Date.now() - started) / 1_000) * rate);
    for (; sent < due && inFlight.size < 4_096; sent += 1) {
      const order: Promise<void> = place(measured ? 'bench' : 'warmup').then((ok) => {
        if (measured && ok) created += 1;
        else if (measured) failed += 1;
      });
      inFlight.add(order);
      void order.finally(() => inFlight.delete(order));
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(inFlight);
  const cpu = process.cpuUsage(cpuAtMeasure);
  return { created, failed, seconds: (Date.now() - measuredFrom) / 1_000, cpuMs: (cpu.user + cpu.system) / 1_000 };
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
const load = await openLoop();
process.stdout.write(`${JSON.stringify({ relayLoad: { ...load, firstError, commits } })}\n`);
lines.close();
process.exitCode = await service.shutdown('bench done');
