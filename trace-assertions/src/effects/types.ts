import type { TappedMessage } from '../kafka/types.ts';
import type { CheckOutcome, EffectIssueCode, Issue } from '../outcome.ts';
import type { Span } from '../types.ts';

/** One HTTP request and its response, recorded in front of a service. */
export interface RecordedExchange {
  /** The service the request went to. */
  readonly service: string;
  readonly method: string;
  /** Path and query as sent, e.g. `/orders?limit=5`. */
  readonly path: string;
  /** The URL the request was sent to (for a reproducing curl). */
  readonly url: string;
  readonly requestHeaders: Readonly<Record<string, string>>;
  readonly requestBody?: string;
  readonly status: number;
  readonly responseHeaders: Readonly<Record<string, string>>;
  readonly responseBody?: string;
  /** Epoch ms when the response was complete. */
  readonly finishedAt: number;
}

/** A message an accepted request must cause. */
export interface EmittedEffect {
  readonly topic: string;
  /** How many matching messages (default 1, exactly). */
  readonly count?: number;
  /** Message field → exchange field that must be equal, e.g. `{ 'value.orderId': 'response.body.id' }`. */
  readonly where: Readonly<Record<string, string>>;
  /** The message must be recorded within this many ms of the response (default 10 000). */
  readonly withinMs?: number;
}

/** What every matching request must cause. */
export interface RequestEffect {
  readonly service?: string;
  readonly method: string;
  /** Path template; `{name}` matches one segment, e.g. `/orders/{id}/cancel`. */
  readonly path: string;
  /** Statuses that count as accepted: `2xx` (default), a class like `4xx`, or exact codes. */
  readonly status?: string | readonly number[];
  readonly emits: readonly EmittedEffect[];
}

/** What every message on a topic must satisfy. */
export interface MessageRule {
  readonly topic: string;
  /** The key must equal this message field, e.g. `value.orderId`. */
  readonly key?: string;
  /** Messages of one entity (this field) must share one partition. */
  readonly entity?: string;
  /** With `entity`: this field must not decrease along the partition's offsets (causal order). */
  readonly orderBy?: string;
  /**
   * The message carries a W3C traceparent whose parent span was recorded and, when that span is a producer span, is
   * not the root of its trace (what caused the message must be in its trace).
   */
  readonly traceContext?: boolean;
  /**
   * Every keyed message landed on the partition this partitioner gives its key: `murmur2` is the Java client's
   * default (murmur2(key) mod partition count; kafkajs' `DefaultPartitioner` agrees), so consumers in any language
   * co-partition by key. Needs the topic's partition count (`partitionCounts`).
   */
  readonly partitioner?: 'murmur2';
}

/** The declared effect contracts of a system. */
export interface EffectContracts {
  readonly requests?: readonly RequestEffect[];
  readonly messages?: readonly MessageRule[];
}

/** Closed set of effect-contract issue codes. */
export type { EffectIssueCode } from '../outcome.ts';

/** What a broken promise was checked against. */
export interface EffectEvidence {
  readonly request?: RecordedExchange;
  /** A command that repeats the request. */
  readonly curl?: string;
  readonly messages?: readonly TappedMessage[];
  /** Ids of spans that broke a span rule (a few of them). */
  readonly spanIds?: readonly string[];
}

/** One broken promise; `path` names the contract, e.g. `POST /orders → order.created` or `order.created: key`. */
export type EffectIssue = Issue<EffectIssueCode, EffectEvidence>;

/** `{ ok: true }` or every issue found. */
export type EffectsResult = CheckOutcome<object, EffectIssue>;

/** Inputs of checkEffects: everything recorded during a run. */
export interface CheckEffectsOptions {
  readonly contracts: EffectContracts;
  readonly exchanges: readonly RecordedExchange[];
  readonly messages: readonly TappedMessage[];
  /** Needed by `traceContext` rules. */
  readonly spans?: readonly Span[];
  /** Topic → partition count; needed by `partitioner` rules. */
  readonly partitionCounts?: Readonly<Record<string, number>>;
}
