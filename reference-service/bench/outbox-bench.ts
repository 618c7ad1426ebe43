// Measures order intake throughput and outbox commit→publish latency against a real broker.
// Usage: KAFKA_BROKERS=host:port node bench/outbox-bench.ts [--seconds 10] [--concurrency 16] [--rate 500]
// Closed loop by default (`--concurrency` requests in flight); `--rate N` is open loop: N orders/s are sent on a
// fixed schedule whatever the responses take (at most 4,096 in flight), so a slow service shows as latency and as a
// lower achieved rate, not as fewer requests. Latency: the order's createdAt (set in the transaction that writes
// the outbox row) to the Kafka message timestamp the relay's producer set when it published.
// The service runs as a child process exactly as started in production (telemetry preload, no OTLP export).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '16' },
    rate: { type: 'string', default: '0' },
    contexts: { type: 'string', default: 'order,payment' },
  },
});
const brokers = process.env.KAFKA_BROKERS;
if (!brokers) {
  console.error('set KAFKA_BROKERS (e.g. a broker from `npm run tracegate -- env up`)');
  process.exit(1);
}
const prefix = `bench-${randomBytes(4).toString('hex')}-`;
const serviceDir = fileURLToPath(new URL('..', import.meta.url));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function startService(): Promise<{ url: string; stop(): Promise<number | null> }> {
  const child = spawn('node', ['--import', './src/platform/telemetry/preload.ts', 'src/main.ts'], {
    cwd: serviceDir,
    env: {
      ...process.env,
      PORT: '0',
      CONTEXTS: values.contexts,
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID_PREFIX: prefix,
      ORDER_DATABASE_URL: process.env.ORDER_DATABASE_URL ?? 'pglite://memory',
      PAYMENT_DATABASE_URL: process.env.PAYMENT_DATABASE_URL ?? 'pglite://memory',
      LOG_LEVEL: 'warn',
      OTEL_EXPORTER_OTLP_ENDPOINT: '',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('service did not log "listening" within 60 s')), 60_000);
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const match = /"port":(\d+)[^\n]*"msg":"listening"/.exec(buffered);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
  });
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; tries < 300; tries += 1) {
    if ((await fetch(`${url}/health/ready`).catch(() => undefined))?.status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

async function placeOrder(url: string): Promise<boolean> {
  const response = await fetch(`${url}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      customerId: 'bench',
      currency: 'EUR',
      items: [{ sku: 'B-1', quantity: 1, unitPrice: 999 }],
    }),
  });
  await response.arrayBuffer();
  return response.status === 201;
}

const service = await startService();
const kafka = new Kafka({ clientId: 'outbox-bench', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
const consumer = kafka.consumer({ groupId: `${prefix}bench-tap`, maxWaitTimeInMs: 50 });
const latencies: number[] = [];
let measuring = false;
await consumer.connect();
await consumer.subscribe({ topic: `${prefix}order.created`, fromBeginning: true });
await consumer.run({
  eachMessage: async ({ message }) => {
    if (!measuring) return;
    const { createdAt } = JSON.parse(message.value?.toString() ?? '{}') as { createdAt: string };
    latencies.push(Number(message.timestamp) - Date.parse(createdAt));
  },
});

for (let index = 0; index < 200; index += 1) await placeOrder(service.url);
await new Promise((resolve) => setTimeout(resolve, 2_000));

measuring = true;
const durationMs = Number(values.seconds) * 1_000;
const rate = Number(values.rate);
const started = Date.now();
let created = 0;
let failed = 0;
const count = (ok: boolean) => {
  if (ok) created += 1;
  else failed += 1;
};

async function closedLoop(): Promise<void> {
  await Promise.all(
    Array.from({ length: Number(values.concurrency) }, async () => {
      while (Date.now() - started < durationMs) count(await placeOrder(service.url));
    }),
  );
}

async function openLoop(): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  while (Date.now() - started < durationMs) {
    const due = Math.floor(((Date.now() - started) / 1_000) * rate);
    for (; sent < due && inFlight.size < 4_096; sent += 1) {
      const request: Promise<void> = placeOrder(service.url).then(count, () => count(false));
      inFlight.add(request);
      void request.finally(() => inFlight.delete(request));
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(inFlight);
}

await (rate > 0 ? openLoop() : closedLoop());
const elapsedS = (Date.now() - started) / 1_000;
const deadline = Date.now() + 30_000;
while (latencies.length < created && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
await consumer.disconnect();
const exitCode = await service.stop();

const sorted = [...latencies].sort((a, b) => a - b);
const result = {
  contexts: values.contexts,
  mode: rate > 0 ? `open loop, ${rate} orders/s` : `closed loop, ${values.concurrency} in flight`,
  databases: process.env.ORDER_DATABASE_URL?.split(':')[0] ?? 'pglite',
  seconds: elapsedS,
  ordersCreated: created,
  failedRequests: failed,
  ordersPerSecond: Math.round(created / elapsedS),
  eventsSeen: latencies.length,
  commitToPublishMs: { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) },
  serviceExitCode: exitCode,
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
