// Profiles the reference service under POST /orders load, telemetry on or off, exactly as the telemetry-overhead
// bench starts it; with a profile folder, the child runs under `node --cpu-prof` and writes its profile there.
//   node --conditions=tracegate-source reference-service/bench/telemetry-profile.ts on|off [seconds] [profile dir]
// Prints orders/s, CPU ms per order, and the same less the service's idle CPU (measured after the warm-up).
import { startKafka } from '@tracegate/harness';
import { startOtlpReceiver } from '@tracegate/trace-assertions';
import { loadOrders } from './order-load.ts';
import { startBenchService } from './service-child.ts';

const [mode = 'on', seconds = '10', profileDir] = process.argv.slice(2);
if (mode !== 'on' && mode !== 'off') throw new Error(`mode must be on or off, not ${mode}`);
const on = mode === 'on';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const kafka = process.env.KAFKA_BROKERS ? undefined : await startKafka();
const receiver = await startOtlpReceiver({ httpPort: false });
const prefix = `bench-prof-${Date.now()}-`;
const service = await startBenchService({
  nodeArgs: [
    ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []),
    ...(on ? ['--import', './src/platform/telemetry/preload.ts'] : []),
  ],
  env: {
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? kafka?.bootstrap ?? '',
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_GROUP_ID_PREFIX: prefix,
    CONTEXTS: 'order,payment',
    ORDER_DATABASE_URL: 'pglite://memory',
    PAYMENT_DATABASE_URL: 'pglite://memory',
    ...(on ? { LOG_LEVEL: 'info', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.grpcEndpoint } : { LOG_LEVEL: 'silent' }),
  },
});
try {
  await loadOrders(service.url, 16, 3_000);
  await sleep(6_000);
  const idleBefore = service.cpuMs();
  await sleep(5_000);
  const idleMsPerSecond = (service.cpuMs() - idleBefore) / 5;
  const cpuBefore = service.cpuMs();
  // CLOCK_MONOTONIC in µs, the clock of the child's profile timestamps: the measured window within the profile.
  const windowStartUs = Number(process.hrtime.bigint() / 1_000n);
  const result = await loadOrders(service.url, 16, Number(seconds) * 1_000);
  const cpuMs = service.cpuMs() - cpuBefore;
  const windowUs = [windowStartUs, Number(process.hrtime.bigint() / 1_000n)];
  const perOrder = (ms: number) => Number((ms / result.created).toFixed(3));
  process.stdout.write(
    `${JSON.stringify({
      mode,
      created: result.created,
      perSecond: Math.round(result.perSecond),
      cpuPerOrderMs: perOrder(cpuMs),
      busyCpuPerOrderMs: perOrder(cpuMs - idleMsPerSecond * result.seconds),
      idleMsPerSecond,
      spans: receiver.stats().acceptedSpans,
      ...(profileDir ? { windowUs } : {}),
    })}\n`,
  );
} finally {
  await service.stop();
  await receiver.close();
  await kafka?.stop();
}
