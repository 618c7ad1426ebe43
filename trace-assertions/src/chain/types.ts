import type { KafkaTap } from '../kafka/tap-kafka.ts';
import type { TappedMessage } from '../kafka/types.ts';
import type { LogStore } from '../logs/log-store.ts';
import type { LogLine } from '../logs/types.ts';
import type { ChainIssueCode, CheckOutcome, Issue } from '../outcome.ts';
import type { SpanStore } from '../store/span-store.ts';
import type { QueryInput, Span, ValueMatcher } from '../types.ts';

interface HopBase {
  /** A name for messages (default: generated from the hop). */
  readonly label?: string;
}

/** One declared hop of a correlation chain, checked in order. */
export type Hop =
  | (HopBase & {
      readonly kind: 'http-server';
      readonly service: string;
      readonly route?: string;
      readonly method?: string;
    })
  | (HopBase & { readonly kind: 'http-client'; readonly service: string })
  | (HopBase & { readonly kind: 'kafka-publish'; readonly service: string; readonly topic: string })
  | (HopBase & { readonly kind: 'kafka-consume'; readonly service: string; readonly topic: string })
  | (HopBase & {
      readonly kind: 'log';
      readonly service: string;
      readonly message?: ValueMatcher;
      readonly level?: string;
    })
  | (HopBase & { readonly kind: 'span'; readonly query: QueryInput });

/** Where the correlation id is looked for. */
export interface CorrelationLookup {
  /** Span attributes holding it (default ['correlation.id', 'app.correlation_id']). */
  readonly spanAttributes?: readonly string[];
  /** Kafka header holding it (default 'x-correlation-id'). */
  readonly header?: string;
  /** Log field holding it (default: the field the LogStore was captured with, 'correlation_id'). */
  readonly logField?: string;
}

/** Options of checkCorrelationChain. */
export interface CorrelationChainOptions {
  readonly correlationId?: string;
  readonly traceId?: string;
  readonly hops: readonly Hop[];
  readonly spans: SpanStore | readonly Span[];
  readonly logs?: LogStore | readonly LogLine[];
  readonly messages?: KafkaTap | readonly TappedMessage[];
  readonly correlation?: CorrelationLookup;
  /** Let a hop continue the chain through a span link, not only as a descendant (default true). */
  readonly followLinks?: boolean;
  /**
   * Span attributes naming a Kafka hop's topic, tried before `messaging.destination.name` and `messaging.destination`
   * (a span whose name contains the topic matches too), for SDKs that record it elsewhere.
   */
  readonly topicAttributes?: readonly string[];
}

/** What a hop was checked against. */
export interface HopEvidence {
  readonly spanIds: readonly string[];
  readonly traceIds: readonly string[];
  readonly headers?: Readonly<Record<string, string>>;
  readonly logLines: readonly LogLine[];
}

/** The verdict for one hop. */
export interface HopResult {
  readonly hop: Hop;
  readonly index: number;
  readonly label: string;
  readonly status: 'ok' | 'broken' | 'not-checked';
  readonly evidence: HopEvidence;
  readonly reason?: string;
  /** Broken on evidence that arrived and contradicts the hop (not merely evidence still missing): waiting cannot fix it. */
  readonly settled?: boolean;
  /** Things not checked or worth knowing (e.g. "Kafka headers not checked: no messages given"). */
  readonly notes: readonly string[];
}

/** What a broken hop was checked against: its label, position and evidence. */
export interface ChainIssueEvidence extends HopEvidence {
  readonly hop: string;
  readonly hopIndex: number;
}

/** A broken hop: `path` is `hops[i]`, `message` its label and reason. */
export type ChainIssue = Issue<ChainIssueCode, ChainIssueEvidence>;

/** The verdict for a whole chain: one issue per broken hop; `firstBroken` names where propagation stopped. */
export type CorrelationChainResult = CheckOutcome<
  {
    readonly correlationId?: string;
    readonly traceIds: readonly string[];
    readonly hops: readonly HopResult[];
    readonly firstBroken?: HopResult;
  },
  ChainIssue
>;
