import type { Bench } from '@tracegate/trace-assertions/bench';
import { telemetryOverheadBench } from './telemetry-overhead.ts';

export { telemetryOverheadBench };

/** The reference-service benchmarks, in the order `npm run bench` runs them. */
export function referenceServiceBenches(): Bench[] {
  return [telemetryOverheadBench({ connections: 16, roundSeconds: 8, rounds: 3, settleMs: 2_000 })];
}
