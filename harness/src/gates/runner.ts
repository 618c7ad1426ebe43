import { HarnessError } from '../errors.ts';
import type { CheckResult, GateReport } from '../report/types.ts';
import type { Gate, GateContext } from './types.ts';

/** A gate's report, and whether the gate crashed (could not run) rather than found failures. */
export interface GateRun {
  readonly report: GateReport;
  readonly crashed: boolean;
}

/** Runs one gate and turns its outcome (or its crash) into a report entry. */
export async function runGate(gate: Gate, context: GateContext): Promise<GateRun> {
  const started = performance.now();
  try {
    const outcome = await gate.run(context);
    const failures = outcome.checks.filter((c) => c.status === 'failed').length;
    const ran = outcome.checks.filter((c) => c.status !== 'skipped').length;
    const report: GateReport = {
      name: gate.name,
      status: failures > 0 || ran === 0 ? 'failed' : 'passed',
      checks: outcome.checks.length,
      failures: ran === 0 ? Math.max(failures, 1) : failures,
      durationMs: Math.round(performance.now() - started),
      details: {
        ...(ran === 0 ? { reason: 'the gate ran no check' } : {}),
        ...outcome.details,
        checks: outcome.checks,
      },
    };
    return { report, crashed: false };
  } catch (error) {
    return { report: crashed(gate.name, error, performance.now() - started), crashed: true };
  }
}

/** A gate that could not run: reported as failed with the reason; marks the run as an error. */
export function crashed(name: string, error: unknown, durationMs: number): GateReport {
  const reason = error instanceof Error ? error.message : String(error);
  const check: CheckResult = { name: `${name} could not run`, status: 'failed', message: reason };
  return {
    name,
    status: 'failed',
    checks: 1,
    failures: 1,
    durationMs: Math.round(durationMs),
    details: { reason, error: errorCode(error), checks: [check] },
  };
}

function errorCode(error: unknown): string {
  return error instanceof HarnessError ? error.code : 'GATE_ERROR';
}

/** A gate left out of this run (not configured, or deselected). */
export function skipped(name: string, reason: string): GateReport {
  return { name, status: 'skipped', checks: 0, failures: 0, durationMs: 0, details: { reason } };
}
