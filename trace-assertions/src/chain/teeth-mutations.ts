import { headerValue } from '../kafka/decode-message.ts';
import type { TappedMessage } from '../kafka/types.ts';
import type { LogLine } from '../logs/types.ts';
import type { Span } from '../types.ts';
import { parseTraceparent } from './traceparent.ts';
import type { HopResult } from './types.ts';

/** How one hop's evidence is removed or altered to prove its check can fail. */
export type TeethMutationKind =
  | 'span-dropped'
  | 'span-correlation-changed'
  | 'message-dropped'
  | 'traceparent-stripped'
  | 'correlation-header-stripped'
  | 'correlation-header-changed'
  | 'log-lines-dropped'
  | 'log-correlation-changed';

/** The evidence a chain check reads, as arrays. */
export interface ChainEvidence {
  readonly spans: readonly Span[];
  readonly logs: readonly LogLine[] | undefined;
  readonly messages: readonly TappedMessage[] | undefined;
}

/** One in-memory alteration of a hop's evidence. */
export interface TeethMutation {
  readonly kind: TeethMutationKind;
  readonly description: string;
  readonly apply: (evidence: ChainEvidence) => ChainEvidence;
}

/** What the chain was checked with: where the correlation id lives and its value. */
export interface TeethContext {
  readonly correlationId: string | undefined;
  readonly attributeNames: readonly string[];
  readonly header: string;
  readonly logField: string | undefined;
}

/** A correlation id no hop of the chain carries. */
export function alteredId(id: string): string {
  return `${id}-altered`;
}

/** Drops spans as if never recorded: their children hang from the nearest kept ancestor, so context still flows. */
function spliceOut(spans: readonly Span[], drop: (span: Span) => boolean): Span[] {
  const dropped = new Map(spans.filter(drop).map((s) => [s.spanId, s]));
  const keptParent = (id: string | undefined): string | undefined => {
    let current = id;
    for (let hops = 0; current !== undefined && dropped.has(current) && hops <= dropped.size; hops += 1)
      current = dropped.get(current)?.parentSpanId;
    return current;
  };
  return spans
    .filter((s) => !dropped.has(s.spanId))
    .map((s) => {
      if (s.parentSpanId === undefined || !dropped.has(s.parentSpanId)) return s;
      const { parentSpanId: _dropped, ...rest } = s;
      const parent = keptParent(s.parentSpanId);
      return parent === undefined ? rest : { ...rest, parentSpanId: parent };
    });
}

function spanMutations(hop: HopResult, evidence: ChainEvidence, context: TeethContext): TeethMutation[] {
  const ids = new Set(hop.evidence.spanIds);
  if (ids.size === 0) return [];
  // Copies of the same operation (one message processed per message and per batch) are the same evidence, not other spans.
  const same = (a: Span, b: Span) => a.service === b.service && a.kind === b.kind && a.name === b.name;
  const matched = evidence.spans.filter((s) => ids.has(s.spanId));
  const lookAlike = (span: Span) => matched.some((m) => same(m, span));
  const dropped: TeethMutation = {
    kind: 'span-dropped',
    description: `its span ${[...ids].join(', ')} (and any span of the same service, kind and name) dropped`,
    apply: (e) => ({ ...e, spans: spliceOut(e.spans, (s) => ids.has(s.spanId) || lookAlike(s)) }),
  };
  const id = context.correlationId;
  const carried = context.attributeNames.filter((name) =>
    evidence.spans.some((s) => ids.has(s.spanId) && s.attributes[name] !== undefined),
  );
  if (id === undefined || carried.length === 0) return [dropped];
  const attributes = Object.fromEntries(carried.map((name) => [name, alteredId(id)]));
  const changed: TeethMutation = {
    kind: 'span-correlation-changed',
    description: `the correlation id on its span changed (${carried.join(', ')}=${alteredId(id)})`,
    apply: (e) => ({
      ...e,
      spans: e.spans.map((s) => (ids.has(s.spanId) ? { ...s, attributes: { ...s.attributes, ...attributes } } : s)),
    }),
  };
  return [dropped, changed];
}

function withHeaders(message: TappedMessage, change: (headers: Record<string, unknown>) => void): TappedMessage {
  const headers: Record<string, string | readonly string[]> = { ...message.headers };
  change(headers);
  return { ...message, headers };
}

/** Removes header `name` (any case) from a message's headers. */
const stripHeader = (name: string) => (headers: Record<string, unknown>) => {
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name.toLowerCase()) delete headers[key];
};

type HeaderChange = (headers: Record<string, unknown>) => void;

function messageMutations(hop: HopResult, evidence: ChainEvidence, context: TeethContext): TeethMutation[] {
  const topic = hop.hop.kind === 'kafka-publish' ? hop.hop.topic : undefined;
  const producer = hop.evidence.spanIds[0];
  if (topic === undefined || producer === undefined || evidence.messages === undefined) return [];
  // The messages the producer span sent: their traceparent names it as parent.
  const sent = (m: TappedMessage) =>
    m.topic === topic && parseTraceparent(headerValue(m, 'traceparent'))?.parentId === producer;
  const where = `on ${topic} sent by span ${producer}`;
  const alter = (change: HeaderChange) => (e: ChainEvidence) => ({
    ...e,
    messages: e.messages?.map((m) => (sent(m) ? withHeaders(m, change) : m)),
  });
  return [
    {
      kind: 'message-dropped',
      description: `the message ${where} dropped`,
      apply: (e) => ({ ...e, messages: e.messages?.filter((m) => !sent(m)) }),
    },
    {
      kind: 'traceparent-stripped',
      description: `traceparent stripped from the message ${where}`,
      apply: alter(stripHeader('traceparent')),
    },
    ...correlationHeaderMutations(where, alter, context),
  ];
}

/** The sent message's correlation header stripped, then changed to another id (none without a correlation id). */
function correlationHeaderMutations(
  where: string,
  alter: (change: HeaderChange) => TeethMutation['apply'],
  context: TeethContext,
): TeethMutation[] {
  const id = context.correlationId;
  if (id === undefined) return [];
  const replace: HeaderChange = (headers) => {
    stripHeader(context.header)(headers);
    headers[context.header] = alteredId(id);
  };
  return [
    {
      kind: 'correlation-header-stripped',
      description: `${context.header} stripped from the message ${where}`,
      apply: alter(stripHeader(context.header)),
    },
    {
      kind: 'correlation-header-changed',
      description: `${context.header} changed to ${alteredId(id)} on the message ${where}`,
      apply: alter(replace),
    },
  ];
}

function logMutations(hop: HopResult, evidence: ChainEvidence, context: TeethContext): TeethMutation[] {
  const keys = new Set(hop.evidence.logLines.map((l) => `${l.lineNumber}\n${l.raw}`));
  if (keys.size === 0 || evidence.logs === undefined) return [];
  const isEvidence = (line: LogLine) => keys.has(`${line.lineNumber}\n${line.raw}`);
  const dropped: TeethMutation = {
    kind: 'log-lines-dropped',
    description: `its ${keys.size} log line(s) dropped`,
    apply: (e) => ({ ...e, logs: e.logs?.filter((l) => !isEvidence(l)) }),
  };
  const id = context.correlationId;
  if (id === undefined) return [dropped];
  const field = context.logField;
  const alter = (line: LogLine): LogLine => ({
    ...line,
    correlationId: alteredId(id),
    ...(field !== undefined && line.json !== undefined ? { json: { ...line.json, [field]: alteredId(id) } } : {}),
  });
  const changed: TeethMutation = {
    kind: 'log-correlation-changed',
    description: `the correlation id on its log line(s) changed to ${alteredId(id)}`,
    apply: (e) => ({ ...e, logs: e.logs?.map((l) => (isEvidence(l) ? alter(l) : l)) }),
  };
  return [dropped, changed];
}

/** Every alteration of a passing hop's evidence that its check must notice. */
export function hopMutations(hop: HopResult, evidence: ChainEvidence, context: TeethContext): TeethMutation[] {
  if (hop.hop.kind === 'log') return logMutations(hop, evidence, context);
  return [...spanMutations(hop, evidence, context), ...messageMutations(hop, evidence, context)];
}
