import type { TappedMessage } from '../kafka/types.ts';
import { describeQuery } from '../query/describe.ts';
import { findSpans, nearestSpans } from '../query/find-spans.ts';
import { formatNearMisses, formatSpan } from '../query/format.ts';
import type { Span, SpanQuery } from '../types.ts';
import type { ChainSpans } from './chain-spans.ts';
import { hopQuery } from './hop-query.ts';
import { checkPublishedMessage, findSentMessage, flatHeaders, where } from './kafka-evidence.ts';
import type { Hop, HopResult } from './types.ts';

interface SpanHopContext {
  readonly spans: ChainSpans;
  readonly messages: readonly TappedMessage[] | undefined;
  readonly previous: Span | undefined;
  readonly startTraceId: string;
  readonly correlationId: string | undefined;
  readonly attributeNames: readonly string[];
  readonly header: string;
  readonly followLinks: boolean;
  readonly topicAttributes: readonly string[];
}

type Outcome = Pick<HopResult, 'status' | 'evidence' | 'reason' | 'settled'>;

function evidenceOf(span: Span | undefined, headers?: Record<string, string>): HopResult['evidence'] {
  return {
    spanIds: span ? [span.spanId] : [],
    traceIds: span ? [span.traceId] : [],
    ...(headers ? { headers } : {}),
    logLines: [],
  };
}

/** A matching span outside the chain that carries this request's correlation id: its trace context was lost. */
function carriesCorrelation(query: SpanQuery, context: SpanHopContext): boolean {
  const id = context.correlationId;
  if (id === undefined) return false;
  // Narrow by the id first: an indexed attribute lookup, cheap on a store of a whole run.
  const tagged = new Set<Span>();
  for (const name of context.attributeNames) {
    for (const span of context.spans.find({ attributes: { [name]: id } })) {
      if (span.attributes[name] === id) tagged.add(span);
    }
  }
  return tagged.size > 0 && findSpans([...tagged], query).length > 0;
}

function diagnoseMissing(query: SpanQuery, context: SpanHopContext): string {
  // Three examples make the point; the search stops there, however many spans of other requests match.
  const elsewhere = context.spans.find(query, 3);
  const previous = context.previous;
  if (elsewhere.length > 0 && previous !== undefined) {
    const how = context.followLinks ? 'a descendant of or linked from' : 'a descendant of';
    const found = elsewhere.map((span) => `  - ${formatSpan(span)} in trace ${span.traceId}`).join('\n');
    return `matching span(s) exist but none is ${how} the previous hop's span ${previous.spanId} (trace ${previous.traceId}): trace context was not propagated\n${found}`;
  }
  const scope = context.spans.trace(previous?.traceId ?? context.startTraceId);
  return `no span matches ${describeQuery(query)} in trace ${previous?.traceId ?? context.startTraceId}\n  nearest candidates:\n${formatNearMisses(nearestSpans(scope, query), '    ')}`;
}

function correlationMismatch(span: Span, context: SpanHopContext): string | undefined {
  if (context.correlationId === undefined) return undefined;
  for (const name of context.attributeNames) {
    const value = span.attributes[name];
    if (value !== undefined && value !== context.correlationId) {
      return `span ${span.spanId} carries ${name}=${JSON.stringify(value)}, expected "${context.correlationId}"`;
    }
  }
  return undefined;
}

/** Finds the span of a span hop downstream of the previous hop and checks it (plus the Kafka message of a publish). */
export function checkSpanHop(hop: Hop, context: SpanHopContext): { span?: Span; result: Outcome; notes: string[] } {
  const query = hopQuery(hop, context.topicAttributes) as SpanQuery;
  const previous = context.previous;
  const relation: SpanQuery = previous
    ? {
        [context.followLinks ? 'ancestorOrLinked' : 'ancestor']: { traceId: previous.traceId, spanId: previous.spanId },
      }
    : { traceId: context.startTraceId };
  const [span] = context.spans.find({ ...query, ...relation });
  if (span === undefined) return { result: missingSpan(hop, query, context), notes: [] };
  const notes: string[] = [];
  if (previous !== undefined && span.traceId !== previous.traceId)
    notes.push(`continues in trace ${span.traceId} through a span link`);
  const mismatch = correlationMismatch(span, context);
  if (mismatch !== undefined)
    return { span, result: { status: 'broken', evidence: evidenceOf(span), reason: mismatch, settled: true }, notes };
  if (hop.kind !== 'kafka-publish') return { span, result: { status: 'ok', evidence: evidenceOf(span) }, notes };
  return { span, result: publishedMessage(span, hop.topic, context, notes), notes };
}

/**
 * A hop without its span: settled only when a matching span carrying this request's correlation id sits elsewhere. A
 * publish hop whose message was recorded anyway shows that message's headers as its evidence.
 */
function missingSpan(hop: Hop, query: SpanQuery, context: SpanHopContext): Outcome {
  const settled = context.previous !== undefined && carriesCorrelation(query, context);
  const reason = diagnoseMissing(query, context);
  const sent = hop.kind === 'kafka-publish' ? sentWithoutSpan(hop.topic, context) : undefined;
  const evidence = evidenceOf(undefined, sent === undefined ? undefined : flatHeaders(sent));
  const why = sent === undefined ? reason : `${reason}\n  yet message ${where(sent)} of this request was published`;
  return { status: 'broken', evidence, reason: why, ...(settled ? { settled } : {}) };
}

/** The message of this request on a publish hop's topic, recorded although its producer span was not found. */
function sentWithoutSpan(topic: string, context: SpanHopContext) {
  const traceIds = new Set([context.startTraceId, ...(context.previous ? [context.previous.traceId] : [])]);
  const topicMessages = (context.messages ?? []).filter((message) => message.topic === topic);
  return findSentMessage(topicMessages, { header: context.header, correlationId: context.correlationId, traceIds });
}

/** A publish hop's Kafka message: the one the producer span sent, carrying its trace context and correlation id. */
function publishedMessage(span: Span, topic: string, context: SpanHopContext, notes: string[]): Outcome {
  if (context.messages === undefined) {
    notes.push('Kafka headers not checked: no messages given');
    return { status: 'ok', evidence: evidenceOf(span) };
  }
  const topicMessages = context.messages.filter((message) => message.topic === topic);
  const kafka = checkPublishedMessage(span, topicMessages, {
    header: context.header,
    correlationId: context.correlationId,
    topic,
  });
  return {
    status: kafka.ok ? 'ok' : 'broken',
    evidence: evidenceOf(span, kafka.headers),
    ...(kafka.reason ? { reason: kafka.reason } : {}),
    ...(kafka.settled ? { settled: true } : {}),
  };
}
