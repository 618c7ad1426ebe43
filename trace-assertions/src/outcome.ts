/** Issue codes of checkTrace (and of a trace spec's selector counts). */
export type TraceIssueCode = 'SPAN_NOT_FOUND' | 'COUNT_MISMATCH' | 'EXPECTATION_FAILED';

/** Issue codes of checkCorrelationChain: a hop whose evidence is missing or contradicts it. */
export type ChainIssueCode = 'HOP_BROKEN';

/** Issue codes of checkLogsCarryTraceId. */
export type LogIssueCode = 'LOG_LINE_WITHOUT_TRACE_ID' | 'NO_LOG_LINES';

/** Issue codes of a trace spec (runTraceSpec, evaluateSpanSpec) beside the trace and chain codes. */
export type SpecIssueCode = 'ASSERTION_FAILED' | 'REQUEST_FAILED' | 'NOT_EVALUATED';

/** Issue codes of the effect contracts (checkEffects) and the consumed-message checks. */
export type EffectIssueCode =
  | 'EFFECT_MISSING'
  | 'EFFECT_DUPLICATED'
  | 'EFFECT_LATE'
  | 'EFFECT_SOURCE_MISSING'
  | 'MESSAGE_FIELD_MISMATCH'
  | 'ENTITY_SPLIT_ACROSS_PARTITIONS'
  | 'ENTITY_OUT_OF_ORDER'
  | 'MESSAGE_ON_WRONG_PARTITION'
  | 'PARTITION_COUNT_UNKNOWN'
  | 'TRACE_CONTEXT_MISSING'
  | 'TRACE_CONTEXT_UNLINKED'
  | 'TRACE_CONTEXT_ROOTED'
  | 'REDELIVERY_SECOND_EFFECT'
  | 'REDELIVERY_NOT_CONSUMED'
  | 'POISON_NOT_DEAD_LETTERED'
  | 'DEAD_LETTER_WITHOUT_REASON'
  | 'DEAD_LETTER_HEADERS_LOST'
  | 'DEAD_LETTER_KEY_LOST'
  | 'SERVER_SPAN_ERROR_ON_CLIENT_ERROR'
  | 'SERVER_SPAN_NOT_ERROR_ON_SERVER_ERROR'
  | 'NEXT_MESSAGE_NOT_PROCESSED';

/** Issue codes of proveTeeth. */
export type TeethIssueCode = 'HOP_CHECK_CANNOT_FAIL';

/** Every code an Issue of this package can carry, grouped per area. */
export type IssueCode =
  | TraceIssueCode
  | ChainIssueCode
  | LogIssueCode
  | SpecIssueCode
  | EffectIssueCode
  | TeethIssueCode;

/** One problem a check found: a stable code, a readable message, where it is and expected vs actual. */
export interface Issue<Code extends IssueCode = IssueCode, Evidence = unknown> {
  readonly code: Code;
  readonly message: string;
  /** What broke, e.g. `hops[2]`, `specs[0]` or `POST /orders → order.created`. */
  readonly path?: string;
  readonly expected?: string;
  readonly actual?: string;
  /** What the check looked at (spans, messages, a request), shaped per area. */
  readonly evidence?: Evidence;
}

/** A check that found nothing wrong. */
export interface Passed {
  readonly ok: true;
}

/** A check that found at least one issue. */
export interface Failed<I extends Issue = Issue> {
  readonly ok: false;
  readonly issues: readonly I[];
}

/**
 * What every `check*` returns: `{ ok: true }` or `{ ok: false, issues }`, plus data the check adds on both sides.
 * @example const result: CheckOutcome<{ hops: readonly HopResult[] }> = checkCorrelationChain(options);
 */
export type CheckOutcome<Extra extends object = object, I extends Issue = Issue> = (Passed | Failed<I>) & Extra;

/**
 * Builds an outcome from the issues found: passed when there are none.
 * @example return outcome(issues, { lines });
 */
export function outcome<I extends Issue, Extra extends object = object>(
  issues: readonly I[],
  extra?: Extra,
): CheckOutcome<Extra, I> {
  const verdict: Passed | Failed<I> = issues.length === 0 ? { ok: true } : { ok: false, issues };
  return { ...(extra as Extra), ...verdict };
}

/** The issues of an outcome: none when it passed. */
export function issuesOf<I extends Issue>(result: Passed | Failed<I>): readonly I[] {
  return result.ok ? [] : result.issues;
}
