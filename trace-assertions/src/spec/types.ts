import type { Hop } from '../chain/types.ts';
import type { CorrelationChainResult, CountExpectation, Literal, SpanQuery } from '../types.ts';

/** The HTTP request that starts the traced flow; `url` is resolved against runTraceSpec's `baseUrl`. */
export interface HttpTrigger {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** An object or array is sent as JSON; a string as is. `${correlationId}` and `${traceId}` are substituted. */
  readonly body?: unknown;
  readonly expectStatus?: number;
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
  /** Where the spec came from (a file path), for messages and JUnit. */
  readonly source?: string;
}

/** Options of loadTraceSpec. */
export interface LoadTraceSpecOptions {
  /** A file name or other origin, named in SPEC_INVALID messages. */
  readonly source?: string;
}

/** One reason a spec failed. */
export interface SpecFailure {
  /** What was checked: an assertion as written, 'count', 'trigger' or 'chain'. */
  readonly check: string;
  readonly message: string;
  readonly spanId?: string;
  readonly expected?: string;
  readonly actual?: string;
}

/** The verdict for one `specs:` entry. */
export interface SpanSpecResult {
  readonly selector: string;
  readonly label?: string;
  readonly ok: boolean;
  /** How many spans the selector matched. */
  readonly matched: number;
  readonly spanIds: readonly string[];
  readonly failures: readonly SpecFailure[];
}

/** What the trigger request returned. */
export interface TriggerResult {
  readonly ok: boolean;
  readonly status?: number;
  readonly error?: string;
}

/** The verdict for one trace spec. */
export interface TraceSpecResult {
  readonly name: string;
  readonly ok: boolean;
  readonly traceId: string;
  readonly correlationId: string;
  readonly trigger: TriggerResult;
  readonly results: readonly SpanSpecResult[];
  readonly chain?: CorrelationChainResult;
  readonly durationMs: number;
  readonly source?: string;
}
