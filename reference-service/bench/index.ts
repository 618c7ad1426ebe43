import type { Bench } from '@tracegate/trace-assertions/bench';
import { outboxRelayBench } from './outbox-relay-bench.ts';
import { telemetryOverheadBench } from './telemetry-overhead.ts';

export { outboxRelayBench, telemetryOverheadBench };

/** The reference-service benchmarks, in the order `npm run bench` runs them. */
export function referenceServiceBenches(): Bench[] {
  return [
    telemetryOverheadBench({ connections: 16, roundSeconds: 5, rounds: 6, settleMs: 1_000 }),
    outboxRelayBench({ rate: 500, seconds: 10 }),
  ];
}
