// Outbox commit → publish at a fixed rate without the HTTP path: the order context runs in a child process
// (`relay-child.ts`, telemetry preload, no export) and commits orders straight through its `createOrder`; this
// process taps `order.created` and measures each message's Kafka timestamp (set by the relay's producer) minus the
// order's createdAt (set in the transaction that writes the outbox row).
// Usage: KAFKA_BROKERS=host:port [ORDER_DATABASE_URL=postgres://…] node bench/outbox-relay-bench.ts [--rate 500] [--seconds 10]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startKafka, startPostgresServer } from '@tracegate/harness';
import type { Bench, BenchResult } from '@tracegate/trace-assertions/bench';
import { Kafka, logLevel } from 'kafkajs';

const serviceDir = fileURLToPath(new URL('..', import.meta.url));

/** The p-th percentile (0–100) of `values`, nearest rank. */
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Options of {@link measureRelay}. */
export interface RelayLoadOptions {
  readonly brokers: string;
  /** `pglite://memory` or a PostgreSQL URL of an empty database. */
  readonly databaseUrl: string;
  readonly rate: number;
  readonly seconds: number;
}

/** What one fixed-rate run measured. */
export interface RelayLoadResult {
  readonly offered: number;
  readonly achieved: number;
  readonly created: number;
  readonly failed: number;
  /** Orders whose event was seen (each once). */
  readonly eventsSeen: number;
  /** Events seen more than once. */
  readonly duplicates: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly cpuMsPerOrder: number;
  /** The first failed commit's message, when any failed. */
  readonly firstError?: string;
}

interface ChildLoad {
  readonly created: number;
  readonly failed: number;
  readonly seconds: number;
  readonly cpuMs: number;
  readonly firstError?: string;
}

/** Starts the child; resolves once it is ready, with a `go` that starts the load and resolves with its figures. */
async function startChild(options: RelayLoadOptions, prefix: string): Promise<{ go(): Promise<ChildLoad> }> {
  const child = spawn(process.execPath, ['--import', './src/platform/telemetry/preload.ts', 'bench/relay-child.ts'], {
    cwd: serviceDir,
    env: {
      ...process.env,
      PORT: '0',
      CONTEXTS: 'order',
      KAFKA_BROKERS: options.brokers,
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID_PREFIX: prefix,
      ORDER_DATABASE_URL: options.databaseUrl,
      LOG_LEVEL: 'warn',
      OTEL_EXPORTER_OTLP_ENDPOINT: '',
      BENCH_RATE: String(options.rate),
      BENCH_SECONDS: String(options.seconds),
    },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const messages = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (field: string): Promise<unknown> => {
    for (let line = await messages.next(); !line.done; line = await messages.next()) {
      const parsed = line.value.startsWith('{') ? (JSON.parse(line.value) as Record<string, unknown>) : {};
      if (field in parsed) return parsed[field];
    }
    throw new Error(`the relay bench child exited (${await exited}) before printing ${field}`);
  };
  await next('relayReady');
  return {
    async go() {
      child.stdin.write('go\n');
      const load = (await next('relayLoad')) as ChildLoad;
      if ((await exited) !== 0) throw new Error('the relay bench child did not shut down cleanly');
      return load;
    },
  };
}

interface OrderCreated {
  readonly orderId: string;
  readonly customerId: string;
  readonly createdAt: string;
}

/** Consumes `topic` from the beginning; records commit → publish of every order not placed by the warm-up. */
async function tapLatencies(brokers: string, topic: string, groupId: string) {
  const kafka = new Kafka({ clientId: 'outbox-relay-bench', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 50 });
  // By order id, first delivery only: at-least-once may hand an event over twice.
  const latencies = new Map<string, number>();
  let duplicates = 0;
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const order = JSON.parse(message.value?.toString() ?? '{}') as OrderCreated;
      if (order.customerId === 'warmup') return;
      if (latencies.has(order.orderId)) duplicates += 1;
      else latencies.set(order.orderId, Number(message.timestamp) - Date.parse(order.createdAt));
    },
  });
  return { latencies, duplicates: () => duplicates, stop: () => consumer.disconnect() };
}

/** One fixed-rate run against a fresh child process; waits (up to 30 s) for every created order's event. */
export async function measureRelay(options: RelayLoadOptions): Promise<RelayLoadResult> {
  const prefix = `bench-relay-${randomBytes(4).toString('hex')}-`;
  const child = await startChild(options, prefix);
  const tap = await tapLatencies(options.brokers, `${prefix}order.created`, `${prefix}tap`);
  try {
    const load = await child.go();
    const deadline = Date.now() + 30_000;
    while (tap.latencies.size < load.created && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const latencies = [...tap.latencies.values()];
    return {
      offered: options.rate,
      achieved: Math.round(load.created / load.seconds),
      created: load.created,
      failed: load.failed,
      eventsSeen: latencies.length,
      duplicates: tap.duplicates(),
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: percentile(latencies, 100),
      cpuMsPerOrder: Number((load.cpuMs / Math.max(1, load.created)).toFixed(2)),
      ...(load.firstError === undefined ? {} : { firstError: load.firstError }),
    };
  } finally {
    await tap.stop();
  }
}

function resultsOf(database: string, run: RelayLoadResult, goal: boolean): BenchResult[] {
  const at = `${run.offered} orders/s offered, ${database}, relay only`;
  if (run.eventsSeen < run.created) throw new Error(`${database}: ${run.created - run.eventsSeen} events not seen`);
  const entry = (name: string, unit: string, project: number, goalText: string | null, met: boolean | null) => ({
    name,
    unit,
    project,
    anchor: null,
    ratio: null,
    goal: goalText,
    met,
  });
  // The goal counts only when the offered rate was kept up: every commit made it, at (nearly) the offered rate.
  const keptUp = run.failed === 0 && run.achieved >= run.offered * 0.95;
  const goalText = goal ? '≤ 20 ms, offered rate kept up' : null;
  return [
    entry(`outbox commit → publish p99 (${at})`, 'ms', run.p99, goalText, goal ? keptUp && run.p99 <= 20 : null),
    entry(`outbox commit → publish p50 (${at})`, 'ms', run.p50, null, null),
    entry(`orders committed (${at})`, 'orders/s', run.achieved, null, null),
    entry(`order commits failed (${at})`, 'orders', run.failed, null, null),
    entry(`events delivered twice (${at})`, 'events', run.duplicates, null, null),
  ];
}

/** The relay at a fixed rate on PostgreSQL (the goal's path) and on PGlite in memory, one broker. */
export function outboxRelayBench(options: { rate: number; seconds: number }): Bench {
  return {
    name: 'reference service outbox relay commit → publish',
    async run() {
      const kafka = await startKafka();
      const postgres = await startPostgresServer();
      try {
        const base = { brokers: kafka.bootstrap, rate: options.rate, seconds: options.seconds };
        const onPostgres = await measureRelay({ ...base, databaseUrl: postgres.url });
        const onPglite = await measureRelay({ ...base, databaseUrl: 'pglite://memory' });
        return [...resultsOf('PostgreSQL', onPostgres, true), ...resultsOf('PGlite', onPglite, false)];
      } finally {
        await postgres.stop();
        await kafka.stop();
      }
    },
  };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { rate: { type: 'string', default: '500' }, seconds: { type: 'string', default: '10' } },
  });
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) throw new Error('set KAFKA_BROKERS (e.g. a broker from `npm run tracegate -- env up`)');
  const databaseUrl = process.env.ORDER_DATABASE_URL ?? 'pglite://memory';
  const result = await measureRelay({
    brokers,
    databaseUrl,
    rate: Number(values.rate),
    seconds: Number(values.seconds),
  });
  process.stdout.write(`${JSON.stringify({ database: databaseUrl.split(':')[0], ...result }, null, 2)}\n`);
}
