import {
  type ChainSegment,
  type CorrelationLookup,
  type KafkaTap,
  type LogStore,
  type RunTraceSpecOptions,
  runTraceSpec,
  type Span,
  type TraceSpecDocument,
  type TraceSpecResult,
} from '@tracegate/trace-assertions';
import type { TracegateConfig } from '../../config/types.ts';
import { HarnessError } from '../../errors.ts';
import type { CheckResult, Evidence, ReportScenario } from '../../report/types.ts';
import type { RunEnvironment } from '../../run/types.ts';
import { fromOutcome } from '../from-outcome.ts';
import type { GateContext } from '../types.ts';
import { type ScenarioTeeth, scenarioTeeth } from './teeth.ts';
import { reportScenario } from './to-report.ts';

/** What one scenario contributes to the gate: its check, its report entry and its hop checks' teeth. */
export interface ScenarioOutcome {
  readonly check: CheckResult;
  readonly report: ReportScenario;
  readonly teeth: ScenarioTeeth;
}

/** Runs one config scenario, compiled to a trace spec, against the receiver's store or the configured backend. */
export async function runScenario(input: {
  context: GateContext;
  spec: TraceSpecDocument;
  index: number;
  logs: LogStore;
  tap: KafkaTap | undefined;
}): Promise<ScenarioOutcome> {
  const { context, spec, logs, tap } = input;
  const { config } = context.loaded;
  const correlationId = `${context.env.runId}-${input.index + 1}-${spec.name.replace(/[^\w.:-]/g, '-')}`.slice(0, 128);
  const result = await runTraceSpec(spec, {
    baseUrl: (service) => serviceUrl(context.env, service),
    ...spanSource(context.env.traces),
    logs,
    ...(tap ? { messages: tap } : {}),
    correlationHeader: config.correlation?.header ?? 'x-correlation-id',
    correlation: correlationLookup(config.correlation),
    ...(config.kafka?.topicAttributes ? { topicAttributes: config.kafka.topicAttributes } : {}),
    correlationId,
    ...(config.traces?.exportDelayMs !== undefined ? { exportDelayMs: config.traces.exportDelayMs } : {}),
    signal: context.signal,
  });
  return toOutcome(spec.name, result, logs);
}

/** Turns a trace spec verdict into the gate's check, report entry and hop-check teeth. */
export function toOutcome(name: string, result: TraceSpecResult, logs: LogStore): ScenarioOutcome {
  const failedRequest = result.requests?.find((r) => !r.ok);
  // A failed request is the scenario's verdict: the report shows no chain then, as the request never completed.
  const chain = failedRequest ? undefined : result.chain;
  const broken = chain?.firstBroken;
  const message =
    failedRequest?.error ?? (broken ? `first broken hop: ${broken.label} — ${broken.reason ?? ''}` : undefined);
  const check = fromOutcome(name, result, {
    ...(message ? { message } : {}),
    durationMs: result.durationMs,
    evidence: (result.requests ?? []).map((r): Evidence => ({ kind: 'http-request', ...r.exchange })),
  });
  const segments = result.segments ?? [];
  const traceIds = new Set(chain?.traceIds ?? []);
  const report = reportScenario({
    name,
    status: check.status,
    correlationId: result.correlationId,
    result: chain,
    spans: segmentSpans(segments, traceIds),
    logLines: logs.find(
      (line) =>
        line.correlationId === result.correlationId || (line.traceId !== undefined && traceIds.has(line.traceId)),
    ),
  });
  const proven = result.ok ? segments.map((s) => ({ result: s.result, options: s.checked, offset: s.offset })) : [];
  return { check, report, teeth: scenarioTeeth(name, proven) };
}

/**
 * The frozen spans of the chain's traces: the last segment's, then those of traces only an earlier segment froze (a
 * segment over a store freezes its own evidence, not every stored span).
 */
function segmentSpans(segments: readonly ChainSegment[], traceIds: ReadonlySet<string>): Span[] {
  const found: Span[] = [];
  const covered = new Set<string>();
  for (const segment of [...segments].reverse()) {
    const spans = segment.checked.spans;
    if (!Array.isArray(spans)) continue;
    const added = new Set<string>();
    for (const span of spans as readonly Span[]) {
      if (!traceIds.has(span.traceId) || covered.has(span.traceId)) continue;
      found.push(span);
      added.add(span.traceId);
    }
    for (const traceId of added) covered.add(traceId);
  }
  return found;
}

function spanSource(traces: RunEnvironment['traces']): Pick<RunTraceSpecOptions, 'store' | 'backend'> {
  return traces.kind === 'backend' ? { backend: traces.backend } : { store: traces.store };
}

function correlationLookup(correlation: TracegateConfig['correlation']): CorrelationLookup {
  return {
    ...(correlation?.header ? { header: correlation.header } : {}),
    ...(correlation?.logField ? { logField: correlation.logField } : {}),
    ...(correlation?.spanAttributes ? { spanAttributes: correlation.spanAttributes } : {}),
  };
}

function serviceUrl(env: RunEnvironment, name: string | undefined): string {
  const service = name === undefined ? undefined : env.services.get(name);
  if (!service) throw new HarnessError('GATE_ERROR', `scenario names service "${name}", which is not running`);
  return service.url;
}
