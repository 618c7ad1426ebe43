/** The result of one readiness check. */
export interface CheckResult {
  readonly status: 'ok' | 'unavailable';
  readonly [detail: string]: unknown;
}

/** A named check; `required: false` reports without failing readiness. */
export interface ReadinessCheck {
  readonly name: string;
  readonly required: boolean;
  run(): Promise<CheckResult>;
}

/** The `/health/ready` body. */
export interface ReadinessReport {
  readonly status: 'ok' | 'unavailable';
  readonly checks: Record<string, CheckResult>;
}

function withTimeout(check: ReadinessCheck, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'unavailable', error: `timed out after ${timeoutMs} ms` }), timeoutMs);
  });
  const run = check.run().catch((error: unknown) => ({
    status: 'unavailable' as const,
    error: error instanceof Error ? error.message : String(error),
  }));
  return Promise.race([run, timeout]).finally(() => clearTimeout(timer));
}

/** Runs every check concurrently, each bounded by `timeoutMs`. */
export async function checkReadiness(checks: readonly ReadinessCheck[], timeoutMs = 2_000): Promise<ReadinessReport> {
  const results = await Promise.all(checks.map((check) => withTimeout(check, timeoutMs)));
  const report: Record<string, CheckResult> = {};
  let ready = true;
  checks.forEach((check, index) => {
    const result = results[index] ?? { status: 'unavailable' };
    report[check.name] = result;
    if (check.required && result.status !== 'ok') ready = false;
  });
  return { status: ready ? 'ok' : 'unavailable', checks: report };
}
