import type { CheckOutcome, Issue, TraceIssueCode } from './outcome.ts';

export type {
  ChainIssue,
  ChainIssueEvidence,
  CorrelationChainOptions,
  CorrelationChainResult,
  CorrelationLookup,
  Hop,
  HopEvidence,
  HopResult,
} from './chain/types.ts';
export type { MessageQuery, TappedMessage } from './kafka/types.ts';
export type { LogLine, LogQuery, LogStats } from './logs/types.ts';

/** The kind of a span, lower-cased from OTLP's SPAN_KIND_* (UNSPECIFIED is read as internal). */
export type SpanKind = 'internal' | 'server' | 'client' | 'producer' | 'consumer';

/** The status code of a span, lower-cased from OTLP's STATUS_CODE_*. */
export type SpanStatusCode = 'unset' | 'ok' | 'error';

/** A plain JS attribute value: int64 becomes a number (a decimal string past 2^53), bytes a base64 string. */
export type AttributeValue = string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };

/** Attributes keyed by name. */
export type Attributes = Record<string, AttributeValue>;

/** An event recorded on a span. */
export interface SpanEvent {
  readonly name: string;
  readonly timeMs: number;
  readonly timeUnixNano: string;
  readonly attributes: Attributes;
}

/** A link from a span to another span, possibly in another trace. */
export interface SpanLink {
  readonly traceId: string;
  readonly spanId: string;
  readonly attributes: Attributes;
}

/** The instrumentation scope that produced a span. */
export interface SpanScope {
  readonly name: string;
  readonly version: string;
  readonly attributes: Attributes;
}

/** A normalized span: ids in lowercase hex, times in ms plus the raw nanoseconds, plain JS attribute values. */
export interface Span {
  readonly traceId: string;
  readonly spanId: string;
  /** Absent for a root span. */
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind: SpanKind;
  /** The resource attribute `service.name`, or `'unknown_service'`. */
  readonly service: string;
  readonly resource: Attributes;
  readonly scope: SpanScope;
  readonly startTimeMs: number;
  readonly endTimeMs: number;
  readonly startTimeUnixNano: string;
  readonly endTimeUnixNano: string;
  readonly durationMs: number;
  readonly status: { readonly code: SpanStatusCode; readonly message: string };
  readonly attributes: Attributes;
  readonly events: readonly SpanEvent[];
  readonly links: readonly SpanLink[];
  readonly traceState?: string;
}

/** All spans known for one trace id. */
export interface Trace {
  readonly traceId: string;
  readonly spans: readonly Span[];
}

/** Reported when the store drops a whole trace to stay under `maxSpans` or `maxBytes`. */
export interface EvictionEvent {
  readonly traceId: string;
  readonly spanCount: number;
  readonly maxSpans: number;
  /** Total traces evicted so far, this one included. */
  readonly evictedTraces: number;
  /** Present when the byte bound, not the span bound, evicted the trace. */
  readonly reason?: 'maxBytes';
  /** The byte bound, present with `reason`. */
  readonly maxBytes?: number;
}

/** Counters describing a span store. */
export interface SpanStoreStats {
  readonly spans: number;
  readonly traces: number;
  readonly maxSpans: number;
  readonly evictedTraces: number;
  readonly evictedSpans: number;
  /** Estimated bytes the stored spans retain (their resources, scopes and request bytes counted once). */
  readonly bytes: number;
  readonly maxBytes: number;
  /** Traces of `evictedTraces` evicted to stay under maxBytes. */
  readonly evictedByBytes: number;
}

/** A literal an attribute can be compared with. */
export type Literal = string | number | boolean;

/** A serialisable condition on a value; every given field must hold. */
export interface ValueCondition {
  readonly eq?: Literal;
  readonly ne?: Literal;
  readonly gt?: number;
  readonly gte?: number;
  readonly lt?: number;
  readonly lte?: number;
  readonly contains?: string;
  readonly notContains?: string;
  /** A regular expression source, for data that cannot carry a RegExp (YAML, JSON). */
  readonly regex?: string;
  readonly exists?: boolean;
  readonly oneOf?: readonly Literal[];
}

/** How a value is matched: a literal (equality), a RegExp, a predicate or a condition object. */
export type ValueMatcher = Literal | RegExp | ValueCondition | ((value: AttributeValue | undefined) => boolean);

/** Matches an event recorded on a span. */
export interface EventQuery {
  readonly name?: ValueMatcher;
  readonly attributes?: Readonly<Record<string, ValueMatcher>>;
}

/** Which of the matching spans to keep, in start-time order (Tracetest's :first, :last, :nth_child(n), 1-based). */
export type SpanPick = 'first' | 'last' | { readonly nth: number };

/** A span query as plain data; every given field must hold. */
export interface SpanQuery {
  readonly name?: ValueMatcher;
  readonly kind?: SpanKind | readonly SpanKind[];
  readonly service?: ValueMatcher;
  readonly status?: SpanStatusCode | readonly SpanStatusCode[];
  /** Tracetest's derived span type: http, database, messaging, rpc, faas, general. */
  readonly type?: ValueMatcher;
  readonly traceId?: string;
  readonly spanId?: string;
  /** true: the span has no parent span id; false: it has one. */
  readonly root?: boolean;
  readonly attributes?: Readonly<Record<string, ValueMatcher>>;
  readonly resource?: Readonly<Record<string, ValueMatcher>>;
  readonly minDurationMs?: number;
  readonly maxDurationMs?: number;
  readonly durationMs?: ValueMatcher;
  /** Each event query must match at least one event of the span. */
  readonly events?: readonly EventQuery[];
  /** The direct parent must match. */
  readonly parent?: SpanQuery;
  /** Some ancestor (following parent ids) must match. */
  readonly ancestor?: SpanQuery;
  /** Some ancestor reached through parent ids or span links (in any mix) must match. */
  readonly ancestorOrLinked?: SpanQuery;
  /** The span must link to a span matching this query. */
  readonly linksTo?: SpanQuery;
  /** Some span matching this query must link to this span. */
  readonly linkedFrom?: SpanQuery;
  /** At least one of these queries must match (a comma in a selector). */
  readonly anyOf?: readonly SpanQuery[];
  /** Keep only the first, last or n-th matching span. */
  readonly pick?: SpanPick;
  /** A label used in messages instead of the generated description. */
  readonly label?: string;
}

/** Anything that names a span query: the object, a builder (anything with toQuery()) or a selector string. */
export type QueryInput = SpanQuery | string | { toQuery(): SpanQuery };

/** Why a candidate span did not match one field of a query. */
export interface Mismatch {
  readonly field: string;
  readonly expected: string;
  readonly actual: string;
}

/** A span that came close to matching a query, with the reasons it did not. */
export interface NearMiss {
  readonly span: Span;
  readonly mismatches: readonly Mismatch[];
}

/** The expected number of spans for a spec. */
export type CountExpectation =
  | { readonly exactly: number }
  | { readonly atLeast: number }
  | { readonly atMost: number }
  | 'none'
  | 'some';

/** One check over a trace: the spans a query selects, how many are expected, and what must hold on each. */
export interface TraceSpec {
  readonly query: QueryInput;
  /** Defaults to 'some' (at least one). */
  readonly count?: CountExpectation;
  /** A query every selected span must also match. */
  readonly expect?: SpanQuery;
  readonly label?: string;
}

/** One problem found by checkTrace; `path` is the spec's label (or its query described). */
export interface TraceIssue extends Issue<TraceIssueCode> {
  /** The spec's label or its query described (the same as `path`). */
  readonly spec: string;
  readonly matched: readonly Span[];
  readonly nearest: readonly NearMiss[];
}

/** The result of checkTrace. */
export type TraceCheckResult = CheckOutcome<object, TraceIssue>;
