import { type CheckOutcome, type Issue, outcome, type TeethIssueCode } from '../outcome.ts';
import { DEFAULT_SPAN_ATTRIBUTES, evidenceScope, isChainEvidence, sameVerdict } from './chain-evidence.ts';
import { chainInputs, checkCorrelationChain } from './check-correlation-chain.ts';
import { type ChainEvidence, hopMutations, type TeethContext, type TeethMutationKind } from './teeth-mutations.ts';
import type { CorrelationChainOptions, CorrelationChainResult, HopResult } from './types.ts';

/** What a hop check that cannot fail was re-checked with. */
export interface TeethEvidence {
  /** The hop's label and its 0-based position in the chain. */
  readonly hop: string;
  readonly hopIndex: number;
  readonly mutation: TeethMutationKind;
  /** What was removed or altered, e.g. "traceparent stripped from the message …". */
  readonly alteration: string;
  readonly spanIds: readonly string[];
}

/** A hop check that still passed with its evidence removed or altered: it cannot fail; `path` is `hops[i]`. */
export type TeethIssue = Issue<TeethIssueCode, TeethEvidence>;

/** How many hop checks (one per hop and alteration of its evidence) were tried and how many failed as they should. */
export interface TeethCounts {
  readonly checks: number;
  readonly biting: number;
}

/** `{ ok: true }` when every hop check bites, else every check that cannot fail; both with the counts. */
export type TeethResult = CheckOutcome<{ readonly counts: TeethCounts }, TeethIssue>;

/** "N of M hop checks bite". */
export function formatTeethCounts(counts: TeethCounts): string {
  return `${counts.biting} of ${counts.checks} hop checks bite`;
}

function teethContext(options: CorrelationChainOptions, result: CorrelationChainResult): TeethContext {
  return {
    correlationId: result.correlationId ?? options.correlationId,
    attributeNames: options.correlation?.spanAttributes ?? DEFAULT_SPAN_ATTRIBUTES,
    header: options.correlation?.header ?? 'x-correlation-id',
    logField: options.correlation?.logField,
  };
}

function issueFor(hop: HopResult, mutation: { kind: TeethMutationKind; description: string }): TeethIssue {
  return {
    code: 'HOP_CHECK_CANNOT_FAIL',
    message: `hop ${hop.index + 1} "${hop.label}" still passes with ${mutation.description}: its check cannot fail`,
    path: `hops[${hop.index}]`,
    expected: 'broken',
    actual: 'ok',
    evidence: {
      hop: hop.label,
      hopIndex: hop.index,
      mutation: mutation.kind,
      alteration: mutation.description,
      spanIds: hop.evidence.spanIds,
    },
  };
}

/**
 * Re-checks each passing hop of a chain against the same evidence with that hop's evidence removed or altered in memory
 * (span dropped, correlation attribute or header changed, traceparent stripped, log lines dropped) and reports every
 * hop check that still passes.
 * @example
 * const result = checkCorrelationChain(options);
 * if (result.ok) console.log(formatTeethCounts(proveTeeth(result, options).counts));
 */
export function proveTeeth(result: CorrelationChainResult, options: CorrelationChainOptions): TeethResult {
  const context = teethContext(options, result);
  const evidence = chainEvidence(result, options);
  const issues: TeethIssue[] = [];
  let checks = 0;
  for (const hop of result.hops) {
    if (hop.status !== 'ok') continue;
    for (const mutation of hopMutations(hop, evidence, context)) {
      checks += 1;
      const altered = mutation.apply(evidence);
      const rerun = checkCorrelationChain({ ...options, spans: altered.spans, ...optionalLists(altered) });
      if (rerun.hops[hop.index]?.status === 'ok') issues.push(issueFor(hop, mutation));
    }
  }
  const counts = { checks, biting: checks - issues.length };
  return outcome(issues, { counts });
}

/** The chain's own traces, spans linking into them and spans carrying its correlation id: a run's other traffic cannot change a hop. */
function chainEvidence(result: CorrelationChainResult, options: CorrelationChainOptions): ChainEvidence {
  const all = chainInputs(options);
  const scope = evidenceScope(options, result);
  const spans = all.spans.filter((s) => isChainEvidence(s, scope));
  // Use the narrowed spans only when they give every hop the verdict the whole store gave.
  return sameVerdict(checkCorrelationChain({ ...options, spans }), result) ? { ...all, spans } : all;
}

/** Logs and messages stay absent when the chain was checked without them (exactOptionalPropertyTypes). */
function optionalLists(altered: ChainEvidence): Pick<CorrelationChainOptions, 'logs' | 'messages'> {
  return {
    ...(altered.logs !== undefined ? { logs: altered.logs } : {}),
    ...(altered.messages !== undefined ? { messages: altered.messages } : {}),
  };
}
