// Throughput of POST /orders with telemetry on (traces exported over OTLP/gRPC to an in-process receiver, JSON
// request logs on stdout, Prometheus metrics) against the same service with telemetry off, same run, alternating.
import { randomBytes } from 'node:crypto';
import { startKafka } from '@tracegate/harness';
import { startOtlpReceiver } from '@tracegate/trace-assertions';
import type { Bench, BenchResult } from '@tracegate/trace-assertions/bench';
import { loadOrders } from './order-load.ts';
import { type BenchService, startBenchService } from './service-child.ts';

/** Options of {@link telemetryOverheadBench}. */
export interface TelemetryOverheadOptions {
  readonly connections: number;
  readonly roundSeconds: number;
  /** Measured rounds per service (after one warm-up round each), alternating off, on, off, on… */
  readonly rounds: number;
  /** Pause between rounds, so the saga work a round queued does not spill into the next. */
  readonly settleMs: number;
}

const preload = ['--import', './src/platform/telemetry/preload.ts'];

function serviceEnv(brokers: string, extra: Record<string, string>): Record<string, string> {
  const prefix = `bench-tel-${randomBytes(4).toString('hex')}-`;
  return {
    KAFKA_BROKERS: brokers,
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_GROUP_ID_PREFIX: prefix,
    CONTEXTS: 'order,payment',
    ORDER_DATABASE_URL: 'pglite://memory',
    PAYMENT_DATABASE_URL: 'pglite://memory',
    ...extra,
  };
}

/** Per service: orders/s and the service's CPU ms per order, one entry per measured round. */
interface Rounds {
  readonly rates: number[];
  readonly cpuPerOrder: number[];
}

async function measure(services: readonly BenchService[], options: TelemetryOverheadOptions): Promise<Rounds[]> {
  const rounds: Rounds[] = services.map(() => ({ rates: [], cpuPerOrder: [] }));
  const durationMs = options.roundSeconds * 1_000;
  for (let round = 0; round <= options.rounds; round += 1) {
    for (const [index, service] of services.entries()) {
      const cpuBefore = service.cpuMs();
      const result = await loadOrders(service.url, options.connections, durationMs);
      const cpuMs = service.cpuMs() - cpuBefore;
      if (result.created === 0) throw new Error(`no order was created in a round against ${service.url}`);
      if (round > 0) {
        rounds[index]?.rates.push(result.perSecond);
        rounds[index]?.cpuPerOrder.push(cpuMs / result.created);
      }
      await new Promise((resolve) => setTimeout(resolve, options.settleMs));
    }
  }
  return rounds;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function results(off: Rounds, on: Rounds, spans: number): BenchResult[] {
  const project = Math.round(median(on.rates));
  const anchor = Math.round(median(off.rates));
  const ratio = Number((project / anchor).toFixed(3));
  const cpuOn = Number(median(on.cpuPerOrder).toFixed(2));
  const cpuOff = Number(median(off.cpuPerOrder).toFixed(2));
  return [
    {
      name: 'reference service POST /orders, telemetry on vs off (16 connections)',
      unit: 'orders/s',
      project,
      anchor,
      ratio,
      goal: '≥ 0.9× anchor',
      met: ratio >= 0.9,
    },
    {
      name: 'reference service CPU per order (HTTP + saga), telemetry on vs off',
      unit: 'ms',
      project: cpuOn,
      anchor: cpuOff,
      ratio: Number((cpuOff / cpuOn).toFixed(3)),
      goal: null,
      met: null,
    },
    {
      name: 'spans received from the service under load',
      unit: 'spans',
      project: spans,
      anchor: null,
      ratio: null,
      goal: null,
      met: null,
    },
  ];
}

/** The reference service with and without telemetry, started as two child processes, same load, alternating rounds. */
export function telemetryOverheadBench(options: TelemetryOverheadOptions): Bench {
  return {
    name: 'reference service telemetry overhead',
    async run() {
      const kafka = await startKafka();
      const receiver = await startOtlpReceiver({ httpPort: false });
      const started: BenchService[] = [];
      try {
        started.push(
          await startBenchService({ nodeArgs: [], env: serviceEnv(kafka.bootstrap, { LOG_LEVEL: 'silent' }) }),
        );
        const onEnv = { LOG_LEVEL: 'info', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.grpcEndpoint };
        started.push(await startBenchService({ nodeArgs: preload, env: serviceEnv(kafka.bootstrap, onEnv) }));
        const [off, on] = await measure(started, options);
        if (off === undefined || on === undefined) throw new Error('both services must be measured');
        const [, onService] = started;
        if (receiver.stats().acceptedSpans === 0) throw new Error('the service with telemetry on exported no span');
        if ((onService?.stdoutBytes() ?? 0) === 0) throw new Error('the service with telemetry on wrote no log line');
        return results(off, on, receiver.stats().acceptedSpans);
      } finally {
        await Promise.all(started.map((service) => service.stop()));
        await receiver.close();
        await kafka.stop();
      }
    },
  };
}
