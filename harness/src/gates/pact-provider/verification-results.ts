import { HarnessError } from '../../errors.ts';
import { mismatchText, type RawMismatch } from './mismatch-text.ts';
import type { InteractionResult } from './types.ts';

interface RawResult {
  consumer?: string;
  provider?: string;
  description?: string;
  duration?: string;
  pending?: boolean;
  providerStates?: string[];
  result?: string;
  mismatch?: { mismatches?: RawMismatch[]; message?: string; type?: string };
}

/**
 * Per-interaction results from what `Verifier.verifyProvider()` resolves (or rejects with): a JSON document with
 * `interactionResults`. Throws when the output is not that (the verifier could not run at all).
 */
export function parseVerification(output: string): InteractionResult[] {
  const json = output.slice(output.indexOf('{'));
  let parsed: { interactionResults?: RawResult[] };
  try {
    parsed = JSON.parse(json) as typeof parsed;
  } catch (error) {
    throw new HarnessError('GATE_ERROR', `the Pact verifier did not report results: ${output.slice(0, 500)}`, {
      cause: error,
    });
  }
  if (!Array.isArray(parsed.interactionResults)) {
    throw new HarnessError('GATE_ERROR', `the Pact verifier output has no interactionResults: ${output.slice(0, 500)}`);
  }
  return parsed.interactionResults.map((raw) => ({
    consumer: raw.consumer ?? '?',
    provider: raw.provider ?? '?',
    description: raw.description ?? '?',
    ok: raw.result === 'OK',
    pending: raw.pending === true,
    states: raw.providerStates ?? [],
    ...durationOf(raw.duration),
    mismatches: describeMismatches(raw),
  }));
}

function durationOf(text: string | undefined): { durationMs?: number } {
  const match = /^(\d+(?:\.\d+)?)(ms|s)$/.exec(text ?? '');
  if (!match) return {};
  return { durationMs: Math.round(Number(match[1]) * (match[2] === 's' ? 1000 : 1)) };
}

function describeMismatches(raw: RawResult): string[] {
  const list = raw.mismatch?.mismatches ?? [];
  if (list.length === 0)
    return raw.result === 'OK' ? [] : [raw.mismatch?.message ?? `verification ${raw.result ?? 'failed'}`];
  // The verifier's order varies from run to run (map iteration): sorted, reports compare across runs.
  return list.map(mismatchText).sort();
}
