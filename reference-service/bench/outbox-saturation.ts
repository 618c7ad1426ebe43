// The outbox relay's saturation point per database: `outbox-relay-bench.ts`'s fixed-rate run at each offered rate,
// lowest first, on PostgreSQL (a fresh database per run) and PGlite in memory, one broker. A rate is kept up when no
// commit failed, at least 95 % of it was committed and every committed order's event was seen; the saturation point
// is the first rate that was not, or whose p99 is more than ten times the lowest rate's.
// Usage: node --conditions=tracegate-source bench/outbox-saturation.ts [--rates 100,200,300,500] [--seconds 10]
//        [--database postgres|pglite|both]   (KAFKA_BROKERS to use a running broker instead of starting one)
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { startKafka, startPostgresServer } from '@tracegate/harness';
import pg from 'pg';
import type { RelayLoadResult } from './outbox-relay-bench.ts';
import { measureRelay } from './outbox-relay-bench.ts';

/** Whether a run kept up with its offered rate. */
export function keptUp(run: RelayLoadResult): boolean {
  return run.failed === 0 && run.achieved >= run.offered * 0.95 && run.eventsSeen >= run.created;
}

/** The first run (lowest rate first) that did not keep up or whose p99 exploded; undefined when none. */
export function saturation(runs: readonly RelayLoadResult[]): RelayLoadResult | undefined {
  const baseline = runs[0]?.p99 ?? Number.POSITIVE_INFINITY;
  return runs.find((run) => !keptUp(run) || run.p99 > 10 * Math.max(baseline, 1));
}

/** A fresh, empty database on the server at `url` (a PostgreSQL URL ending in a database name). */
async function freshDatabase(url: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return url.replace(/\/[^/]*$/, `/${name}`);
}

async function sweep(options: { brokers: string; database: () => Promise<string>; rates: number[]; seconds: number }) {
  const runs: RelayLoadResult[] = [];
  for (const rate of options.rates) {
    const load = loadavg()[0]?.toFixed(1);
    const run = await measureRelay({
      brokers: options.brokers,
      databaseUrl: await options.database(),
      rate,
      seconds: options.seconds,
    });
    runs.push(run);
    process.stdout.write(
      `${JSON.stringify({ load: `${load} → ${loadavg()[0]?.toFixed(1)}`, keptUp: keptUp(run), ...run })}\n`,
    );
  }
  return runs;
}

/** The databases to sweep: PostgreSQL on `server` (a fresh database per run) and/or PGlite in memory. */
function databasePaths(which: string, server: { url: string } | undefined) {
  return [
    ...(server
      ? [
          {
            name: 'PostgreSQL',
            database: () => freshDatabase(server.url, `saturation_${randomBytes(4).toString('hex')}`),
          },
        ]
      : []),
    ...(which === 'postgres' ? [] : [{ name: 'PGlite', database: async () => 'pglite://memory' }]),
  ];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rates: { type: 'string', default: '100,200,300,500' },
      seconds: { type: 'string', default: '10' },
      database: { type: 'string', default: 'both' },
    },
  });
  const rates = values.rates
    .split(',')
    .map(Number)
    .sort((a, b) => a - b);
  const seconds = Number(values.seconds);
  const kafka = process.env.KAFKA_BROKERS ? undefined : await startKafka();
  const brokers = process.env.KAFKA_BROKERS ?? kafka?.bootstrap ?? '';
  const server = values.database === 'pglite' ? undefined : await startPostgresServer();
  try {
    for (const path of databasePaths(values.database, server)) {
      process.stdout.write(`${path.name}\n`);
      const first = saturation(await sweep({ brokers, database: path.database, rates, seconds }));
      const point = first
        ? `saturated at ${first.offered}/s (${first.achieved}/s committed, p99 ${first.p99} ms)`
        : 'kept up with every rate';
      process.stdout.write(`${path.name}: ${point}\n`);
    }
  } finally {
    await server?.stop();
    await kafka?.stop();
  }
}

if (import.meta.main) await main();
