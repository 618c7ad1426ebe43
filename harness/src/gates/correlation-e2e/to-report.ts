import type { CorrelationChainResult, LogLine, Span } from '@tracegate/trace-assertions';
import type { ReportHop, ReportScenario, ReportSpan, Status } from '../../report/types.ts';

/** Converts spans to the report's waterfall model. */
export function reportSpans(spans: readonly Span[]): ReportSpan[] {
  return spans.map((s) => ({
    traceId: s.traceId,
    spanId: s.spanId,
    ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
    name: s.name,
    service: s.service,
    kind: s.kind,
    startMs: s.startTimeMs,
    durationMs: s.durationMs,
    status: s.status.code,
    attributes: s.attributes,
    ...(s.links.length > 0 ? { links: s.links.map((l) => ({ traceId: l.traceId, spanId: l.spanId })) } : {}),
  }));
}

/** Converts a chain verdict to the report's hop list. */
export function reportHops(result: CorrelationChainResult): ReportHop[] {
  return result.hops.map((h) => ({
    label: h.label,
    status: h.status,
    ...(h.reason ? { reason: h.reason } : {}),
    spanIds: h.evidence.spanIds,
    ...(h.evidence.headers ? { headers: h.evidence.headers } : {}),
    logLines: h.evidence.logLines.map((l) => l.raw),
  }));
}

/** Assembles one scenario of the report. */
export function reportScenario(input: {
  name: string;
  status: Status;
  correlationId: string;
  result: CorrelationChainResult | undefined;
  spans: readonly Span[];
  logLines: readonly LogLine[];
}): ReportScenario {
  const { result } = input;
  return {
    name: input.name,
    status: input.status,
    correlationId: input.correlationId,
    traceIds: result?.traceIds ?? [],
    spans: reportSpans(input.spans),
    chain: result ? reportHops(result) : [],
    ...(result?.firstBroken ? { firstBrokenHop: result.firstBroken.label } : {}),
    logLines: input.logLines.map((l) => l.json ?? { raw: l.raw }),
  };
}
