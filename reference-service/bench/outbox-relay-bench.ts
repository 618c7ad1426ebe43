// Outbox commit → publish at a fixed rate without the HTTP path: the order context runs in a child process
// (`relay-child.ts`, telemetry preload, no export) and commits orders straight through its `createOrder`, noting
// when each COMMIT returned. The topic is switched to broker append time before the load, so each `order.created`
// message carries the moment the broker appended it: commit → publish is that minus the commit time. This process
// reads the topic once the load is over, so it takes no CPU from the measured run. The transaction's own time (the
// order's createdAt, set inside it, to its COMMIT) is reported beside it.
// Usage: KAFKA_BROKERS=host:port [ORDER_DATABASE_URL=postgres://…] node bench/outbox-relay-bench.ts [--rate 500] [--seconds 10]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startKafka, startPostgresServer } from '@tracegate/harness';
import type { Bench, BenchResult } from '@tracegate/trace-assertions/bench';
import { percentile } from '@tracegate/trace-assertions/bench';
import kafkajs, { Kafka, logLevel } from 'kafkajs';

const { ConfigResourceTypes } = kafkajs;

const serviceDir = fileURLToPath(new URL('..', import.meta.url));

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
  /** Commit → broker append, ms. */
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** The order's transaction (createdAt inside it → COMMIT returned), ms. */
  readonly transactionP99: number;
  /** Row written (createdAt) → broker append: the transaction and the relay together, ms. */
  readonly writtenToPublishP99: number;
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
  /** Each order: id, epoch ms its COMMIT returned, ms its transaction took. */
  readonly commits: readonly [string, number, number][];
}

/** Starts the child; resolves once it is ready, with a `go` that starts the load and resolves with its figures. */
async function startChild(
  options: RelayLoadOptions,
  prefix: string,
): Promise<{ go(): Promise<ChildLoad>; stop(): void }> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_CHILD_FLAGS ?? '').split(' ').filter(Boolean),
      '--import',
      './src/platform/telemetry/preload.ts',
      'bench/relay-child.ts',
    ],
    {
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
    },
  );
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
    stop: () => child.kill(),
  };
}

interface OrderCreated {
  readonly orderId: string;
  readonly customerId: string;
  readonly createdAt: string;
}

/** What the broker holds of one order's event, first delivery only. */
interface Appended {
  readonly appendedAt: number;
  readonly createdAt: number;
}

/** Makes the broker stamp each message of `topic` with its append time; checks that it took. */
async function stampAppendTime(kafka: Kafka, topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const entry = { name: 'message.timestamp.type', value: 'LogAppendTime' };
    const resource = { type: ConfigResourceTypes.TOPIC, name: topic };
    await admin.alterConfigs({ validateOnly: false, resources: [{ ...resource, configEntries: [entry] }] });
    // The broker applies the change from its metadata log: wait (up to 10 s) until it reports it.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const described = await admin.describeConfigs({ includeSynonyms: false, resources: [resource] });
      const value = described.resources[0]?.configEntries.find((config) => config.configName === entry.name);
      if (value?.configValue === entry.value) return;
      if (Date.now() > deadline) throw new Error(`${topic}: the broker kept ${entry.name}=${value?.configValue}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await admin.disconnect();
  }
}

/** Reads `topic` from the beginning until `expected` load orders are seen (or 30 s pass). */
async function readAppended(kafka: Kafka, topic: string, groupId: string, expected: number) {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 50 });
  // By order id, first delivery only: at-least-once may hand an event over twice.
  const appended = new Map<string, Appended>();
  let duplicates = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const order = JSON.parse(message.value?.toString() ?? '{}') as OrderCreated;
        if (order.customerId === 'warmup') return;
        if (appended.has(order.orderId)) duplicates += 1;
        else
          appended.set(order.orderId, {
            appendedAt: Number(message.timestamp),
            createdAt: Date.parse(order.createdAt),
          });
      },
    });
    const deadline = Date.now() + 30_000;
    while (appended.size < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    return { appended, duplicates };
  } finally {
    await consumer.disconnect();
  }
}

/** One fixed-rate run against a fresh child process; then reads every created order's event (waits up to 30 s). */
export async function measureRelay(options: RelayLoadOptions): Promise<RelayLoadResult> {
  const prefix = `bench-relay-${randomBytes(4).toString('hex')}-`;
  const kafka = new Kafka({
    clientId: 'outbox-relay-bench',
    brokers: options.brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const topic = `${prefix}order.created`;
  const child = await startChild(options, prefix);
  const load = await stampAppendTime(kafka, topic)
    .then(() => child.go())
    .catch((error: unknown) => {
      child.stop();
      throw error;
    });
  const { appended, duplicates } = await readAppended(kafka, topic, `${prefix}tap`, load.created);
  const toPublish: number[] = [];
  const writtenToPublish: number[] = [];
  for (const [orderId, committedAt] of load.commits) {
    const event = appended.get(orderId);
    if (!event) continue;
    toPublish.push(event.appendedAt - committedAt);
    writtenToPublish.push(event.appendedAt - event.createdAt);
  }
  return {
    offered: options.rate,
    achieved: Math.round(load.created / load.seconds),
    created: load.created,
    failed: load.failed,
    eventsSeen: toPublish.length,
    duplicates,
    p50: percentile(toPublish, 50),
    p99: percentile(toPublish, 99),
    max: percentile(toPublish, 100),
    transactionP99: percentile(
      load.commits.map(([, , transactionMs]) => transactionMs),
      99,
    ),
    writtenToPublishP99: percentile(writtenToPublish, 99),
    cpuMsPerOrder: Number((load.cpuMs / Math.max(1, load.created)).toFixed(2)),
    ...(load.firstError === undefined ? {} : { firstError: load.firstError }),
  };
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
    entry(`order transaction p99, its COMMIT included (${at})`, 'ms', run.transactionP99, null, null),
    entry(`outbox row written → publish p99, transaction + relay (${at})`, 'ms', run.writtenToPublishP99, null, null),
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
