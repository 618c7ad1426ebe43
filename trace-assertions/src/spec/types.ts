import type { ChainIssue, CorrelationChainOptions, Hop } from '../chain/types.ts';
import type { CheckOutcome, Issue, SpecIssueCode, TraceIssueCode } from '../outcome.ts';
import type { CorrelationChainResult, CountExpectation, Literal, SpanQuery } from '../types.ts';

/** Repeat a request until a field of its JSON response equals a value (e.g. an order reaching CONFIRMED). */
export interface RequestUntil {
  /** Dotted path into the response body, e.g. `status` or `payment.state`. */
  readonly field: string;
  readonly equals: string | number | boolean;
  /** Give up after this long (default 15 000 ms). */
  readonly timeoutMs?: number;
}

/**
 * An HTTP request of a spec; `url` is resolved against runTraceSpec's `baseUrl` (of `service`, when it names one).
 * `${correlationId}`, `${traceId}` and `${response.<field>}` (the previous response's body) are substituted.
 */
export interface HttpTrigger {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** An object or array is sent as JSON; a string as is. */
  readonly body?: unknown;
  /** A status, or 'success' for any status below 400; absent: any status. */
  readonly expectStatus?: number | 'success';
  /** The service whose base URL `url` is resolved against, when runTraceSpec's `baseUrl` is a function. */
  readonly service?: string;
  readonly until?: RequestUntil;
}

/** A request sent after the trigger in the same trace, with the chain it must cause (checked after the earlier ones). */
export interface FollowUpStep {
  readonly http: HttpTrigger;
  readonly chain?: readonly Hop[];
}

/** The span field or attribute an assertion reads. */
export type AssertionTarget =
  | { readonly kind: 'attribute'; readonly key: string }
  | {
      readonly kind: 'field';
      readonly field:
        | 'name'
        | 'service'
        | 'kind'
        | 'status'
        | 'statusMessage'
        | 'duration'
        | 'type'
        | 'traceId'
        | 'spanId'
        | 'parentId';
    };

/** The operators of the assertion grammar. */
export type AssertionOperator =
  | '='
  | '!='
  | '<'
  | '>'
  | '<='
  | '>='
  | 'contains'
  | 'not-contains'
  | 'matches'
  | 'exists'
  | 'not-exists';

/** One parsed `assert:` line, e.g. `attr:http.response.status_code = 201` or `duration < 500ms`. */
export interface SpanAssertion {
  /** The assertion as written. */
  readonly source: string;
  readonly target: AssertionTarget;
  readonly operator: AssertionOperator;
  /** Absent for exists / not-exists; durations are in ms. */
  readonly value?: Literal;
}

/** One `specs:` entry: the spans a selector picks, how many, and what must hold on each. */
export interface SpanSpec {
  readonly selector: string;
  readonly query: SpanQuery;
  /** Defaults to 'some' (at least one). */
  readonly count: CountExpectation;
  readonly assertions: readonly SpanAssertion[];
  readonly label?: string;
}

/** A validated declarative trace spec, as returned by loadTraceSpec. */
export interface TraceSpecDocument {
  readonly name: string;
  readonly trigger: { readonly http: HttpTrigger };
  readonly timeoutMs: number;
  /** Quiet time after the selectors first match, so late spans are counted (default 200 ms). */
  readonly settleMs: number;
  readonly specs: readonly SpanSpec[];
  readonly chain?: readonly Hop[];
  /** Requests sent after the trigger, in order, each optionally with its own chain. */
  readonly followUps?: readonly FollowUpStep[];
  /** Where the spec came from (a file path), for messages and JUnit. */
  readonly source?: string;
}

/** Options of loadTraceSpec. */
export interface LoadTraceSpecOptions {
  /** A file name or other origin, named in SPEC_INVALID messages. */
  readonly source?: string;
}

/** One reason a spec failed: a selector's count (`SPAN_NOT_FOUND`, `COUNT_MISMATCH`) or an assertion on a span. */
export interface SpecIssue extends Issue<SpecIssueCode | TraceIssueCode, { readonly spanId: string }> {
  /** What was checked: an assertion as written, 'count' or 'trigger'. */
  readonly check: string;
  readonly spanId?: string;
}

/** @deprecated Use `SpecIssue` (removed in the next minor release). */
export type SpecFailure = SpecIssue;

/** The verdict for one `specs:` entry; `path` of each issue is the spec's label or selector. */
export type SpanSpecResult = CheckOutcome<
  {
    readonly selector: string;
    readonly label?: string;
    /** How many spans the selector matched. */
    readonly matched: number;
    readonly spanIds: readonly string[];
    /** @deprecated The same list as `issues` (empty when ok); read `issues` instead (removed in the next minor release). */
    readonly failures: readonly SpecIssue[];
  },
  SpecIssue
>;

/** What the trigger request returned. */
export interface TriggerResult {
  readonly ok: boolean;
  readonly status?: number;
  readonly error?: string;
}

/** One request as sent and as answered, for reports and reproduction. */
export interface HttpExchange {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Absent when no answer came; the body is cut at 4 000 characters. */
  readonly response?: { readonly status: number; readonly body: string };
}

/** The verdict of one request (the trigger or a follow-up) and what was exchanged. */
export interface RequestResult extends TriggerResult {
  readonly exchange: HttpExchange;
}

/** One checked chain: the trigger's or a follow-up's; `offset` is its first hop's position in the whole chain. */
export interface ChainSegment {
  readonly offset: number;
  readonly result: CorrelationChainResult;
  /** What the chain was checked with, the evidence frozen as arrays (so proveTeeth re-checks exactly that). */
  readonly checked: CorrelationChainOptions;
}

/** Any issue of a trace spec run: a failed request, a span spec's or a broken chain hop's (then `path` is `chain.hops[i]`). */
export type TraceSpecIssue = SpecIssue | ChainIssue | RequestIssue;

/** A request of the spec that failed; `path` is `trigger` or `followUps[i]`. */
export type RequestIssue = Issue<'REQUEST_FAILED' | 'NOT_EVALUATED', { readonly exchange?: HttpExchange }>;

/** The verdict for one trace spec: every issue of its requests, specs and chain, beside the detailed results. */
export type TraceSpecResult = CheckOutcome<
  {
    readonly name: string;
    readonly traceId: string;
    readonly correlationId: string;
    readonly trigger: TriggerResult;
    readonly results: readonly SpanSpecResult[];
    /** Every chain of the spec joined; `firstBroken` is the earliest broken hop across them. */
    readonly chain?: CorrelationChainResult;
    /** Every request sent (the trigger first), until one failed. */
    readonly requests?: readonly RequestResult[];
    /** The chains one by one, in order, as far as they were checked. */
    readonly segments?: readonly ChainSegment[];
    readonly durationMs: number;
    readonly source?: string;
  },
  TraceSpecIssue
>;
