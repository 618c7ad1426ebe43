import { headerValue } from '../kafka/decode-message.ts';
import type { TappedMessage } from '../kafka/types.ts';
import type { LogLine } from '../logs/types.ts';
import { type ChainSpans, spanCorrelation } from './chain-spans.ts';
import { lineCorrelationId } from './log-evidence.ts';
import { parseTraceparent } from './traceparent.ts';
import type { CorrelationChainOptions } from './types.ts';

/** Where a chain starts: its first trace id and its correlation id, or why none was found. */
export interface ChainStart {
  readonly traceId?: string;
  readonly correlationId?: string;
  readonly reason: string;
  /**
   * Other traces whose spans carry the correlation id (a retried request, a client reusing its id), earliest first
   * after `traceId`: the chain may hold in one of them.
   */
  readonly alternatives?: readonly string[];
}

/** How many traces carrying one correlation id a check tries before it reports the furthest. */
const MAX_ALTERNATIVES = 8;

interface DiscoverInput {
  readonly spans: ChainSpans;
  readonly logs: readonly LogLine[] | undefined;
  readonly messages: readonly TappedMessage[] | undefined;
  readonly options: CorrelationChainOptions;
  readonly header: string;
  readonly attributeNames: readonly string[];
  readonly logField: string | undefined;
}

function traceIdElsewhere(input: DiscoverInput, id: string): string | undefined {
  const fromMessages = (input.messages ?? [])
    .filter((m) => headerValue(m, input.header) === id)
    .map((m) => parseTraceparent(headerValue(m, 'traceparent'))?.traceId);
  const fromLogs = (input.logs ?? []).filter((l) => lineCorrelationId(l, input.logField) === id).map((l) => l.traceId);
  return [...fromMessages, ...fromLogs].find((t) => t !== undefined);
}

/** Finds the starting trace (given, or the earliest trace whose spans/messages/logs carry the correlation id). */
export function discoverCorrelation(input: DiscoverInput): ChainStart {
  const { options, spans } = input;
  const given = options.traceId?.toLowerCase();
  let correlationId = options.correlationId;
  let traceId = given;
  let alternatives: string[] = [];
  if (traceId === undefined && correlationId !== undefined) {
    const id = correlationId;
    const carrying = [...new Set(spans.carrying(input.attributeNames, id).map((span) => span.traceId))];
    alternatives = carrying.slice(1, MAX_ALTERNATIVES);
    // Messages and log lines are read only when no span carries the id.
    traceId = carrying[0] ?? traceIdElsewhere(input, id);
  }
  if (correlationId === undefined && traceId !== undefined) {
    correlationId = spans
      .trace(traceId)
      .map((span) => spanCorrelation(span, input.attributeNames))
      .find((c) => c !== undefined);
  }
  const reason =
    traceId !== undefined
      ? ''
      : correlationId === undefined
        ? 'give a correlationId or a traceId to start the chain'
        : `no span (attributes ${input.attributeNames.join(', ')}), Kafka message (${input.header}) or log line carries correlation id ${correlationId}`;
  return {
    ...(traceId !== undefined ? { traceId } : {}),
    ...(correlationId !== undefined ? { correlationId } : {}),
    reason,
    ...(alternatives.length > 0 ? { alternatives } : {}),
  };
}
