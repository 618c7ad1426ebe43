import { breakingChangesGate } from '../gates/breaking-changes/gate.ts';
import { contractDocumentsGate } from '../gates/contract-documents/gate.ts';
import { gateContext } from '../gates/contract-documents/testing.ts';

/** What one document gate run over a (large) OpenAPI document found, and how long it took. */
export interface DocumentGateRun {
  readonly checks: number;
  readonly failed: number;
  readonly wallMs: number;
}

/**
 * Runs the contract-documents gate on `path`, or the breaking-changes gate when `released` is given, as `verify`
 * would with only `contracts.openapi` configured.
 * @example await runDocumentGate({ path: 'api.github.com.json' })
 */
export async function runDocumentGate(input: { path: string; released?: string }): Promise<DocumentGateRun> {
  const contracts = { openapi: { path: input.path, ...(input.released ? { released: input.released } : {}) } };
  const gate = input.released ? breakingChangesGate : contractDocumentsGate;
  const started = performance.now();
  const { checks } = await gate.run(gateContext({ config: { contracts } }));
  return {
    checks: checks.length,
    failed: checks.filter((c) => c.status === 'failed').length,
    wallMs: Math.round(performance.now() - started),
  };
}
