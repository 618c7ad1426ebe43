import {
  type CorrelationChainResult,
  captureLogs,
  checkCorrelationChain,
  type Hop,
  type KafkaTap,
  type LogStore,
  type Span,
  tapKafka,
  waitForCorrelationChain,
} from '@tracegate/trace-assertions';
import type { HopConfig, LoadedConfig, ScenarioConfig } from '../../config/types.ts';
import { HarnessError } from '../../provision/errors.ts';
import type { CheckResult, ReportScenario } from '../../report/types.ts';
import type { RunEnvironment } from '../../verify/environment.ts';
import type { Gate, GateContext, GateOutcome } from '../types.ts';
import { sendScenarioRequests } from './requests.ts';
import { reportScenario } from './to-report.ts';

/** Runs each configured scenario and proves its correlation chain across traces, Kafka and logs. */
export const correlationE2eGate: Gate = {
  name: 'correlation-e2e',
  description: 'end-to-end scenarios: a request, then the correlation chain across HTTP, Kafka, traces and logs',
  needs: ['kafka', 'services', 'traces'],
  applies: (loaded) =>
    loaded.config.scenarios?.length ? { ok: true } : { ok: false, reason: 'no scenarios in the config' },
  run: runScenarios,
};

async function runScenarios(context: GateContext): Promise<GateOutcome> {
  const { config } = context.loaded;
  const receiver = context.env.receiver;
  if (!receiver) throw new HarnessError('GATE_ERROR', 'correlation-e2e reads spans from the in-process receiver; backends are not wired yet');
  const logs = combinedLogs(context.env, config.correlation?.logField);
  const topics = [...new Set((config.scenarios ?? []).flatMap((s) => s.chain.flatMap((h) => (h.topic ? [h.topic] : []))))];
  const tap = topics.length > 0 && context.env.kafka ? await tapKafka({ brokers: context.env.kafka.brokers, topics }) : undefined;
  const checks: CheckResult[] = [];
  const scenarios: ReportScenario[] = [];
  try {
    for (const [index, scenario] of (config.scenarios ?? []).entries()) {
      const outcome = await runScenario({ context, scenario, index, logs, tap, spans: () => receiver.store.spans() });
      checks.push(outcome.check);
      scenarios.push(outcome.report);
    }
  } finally {
    await tap?.stop();
  }
  return { checks, details: { summary: `${scenarios.length} scenario(s)`, scenarios } };
}

async function runScenario(input: {
  context: GateContext;
  scenario: ScenarioConfig;
  index: number;
  logs: LogStore;
  tap: KafkaTap | undefined;
  spans: () => Span[];
}): Promise<{ check: CheckResult; report: ReportScenario }> {
  const { context, scenario, logs, tap } = input;
  const { config } = context.loaded;
  const started = performance.now();
  const correlationId = `${context.env.runId}-${input.index + 1}-${scenario.name.replace(/[^\w.:-]/g, '-')}`.slice(0, 128);
  const timeoutMs = scenario.timeoutMs ?? 20_000;
  const responses = await sendScenarioRequests({
    requests: [scenario.request, ...(scenario.then ?? [])],
    baseUrl: (name) => serviceUrl(context.env, name),
    correlationHeader: config.correlation?.header ?? 'x-correlation-id',
    correlationId,
    timeoutMs,
  });
  const failedRequest = responses.find((r) => r.problem);
  const options = {
    correlationId,
    hops: scenario.chain.map(toHop),
    spans: context.env.receiver?.store ?? [],
    logs,
    ...(tap ? { messages: tap } : {}),
    correlation: {
      ...(config.correlation?.header ? { header: config.correlation.header } : {}),
      ...(config.correlation?.logField ? { logField: config.correlation.logField } : {}),
      ...(config.correlation?.spanAttributes ? { spanAttributes: config.correlation.spanAttributes } : {}),
    },
  };
  let result: CorrelationChainResult | undefined;
  if (!failedRequest) {
    result = await waitForCorrelationChain({ ...options, timeoutMs }).catch(() => checkCorrelationChain(options));
  }
  const ok = !failedRequest && result?.ok === true;
  const traceIds = new Set(result?.traceIds ?? []);
  const message = failedRequest?.problem ?? (result?.firstBroken ? `first broken hop: ${result.firstBroken.label} — ${result.firstBroken.reason ?? ''}` : undefined);
  const check: CheckResult = {
    name: scenario.name,
    status: ok ? 'passed' : 'failed',
    durationMs: Math.round(performance.now() - started),
    ...(message ? { message } : {}),
    evidence: responses.map((r) => r.evidence),
  };
  const report = reportScenario({
    name: scenario.name,
    status: check.status,
    correlationId,
    result,
    spans: input.spans().filter((s) => traceIds.has(s.traceId)),
    logLines: logs.find((line) => line.correlationId === correlationId || (line.traceId !== undefined && traceIds.has(line.traceId))),
  });
  return { check, report };
}

function toHop(hop: HopConfig): Hop {
  const service = hop.service ?? '';
  switch (hop.kind) {
    case 'http-server':
      return { kind: 'http-server', service };
    case 'kafka-publish':
      return { kind: 'kafka-publish', service, topic: hop.topic ?? '' };
    case 'kafka-consume':
      return { kind: 'kafka-consume', service, topic: hop.topic ?? '' };
    case 'log':
      return { kind: 'log', service, ...(hop.message ? { message: matcher(hop.message) } : {}) };
    case 'span':
      return { kind: 'span', query: hop.selector ?? { ...(hop.service ? { service } : {}), ...(hop.name ? { name: matcher(hop.name) } : {}) } };
  }
}

/** "/regex/" strings become RegExps; anything else is compared literally. */
function matcher(value: string): string | RegExp {
  const regex = /^\/(.*)\/([a-z]*)$/.exec(value);
  return regex?.[1] !== undefined ? new RegExp(regex[1], regex[2]) : value;
}

function serviceUrl(env: RunEnvironment, name: string): string {
  const service = env.services.get(name);
  if (!service) throw new HarnessError('GATE_ERROR', `scenario names service "${name}", which is not running`);
  return service.url;
}

/** One store fed by every service's captured logs, so a chain can follow lines across services. */
function combinedLogs(env: RunEnvironment, logField: string | undefined): LogStore {
  const combined = captureLogs([], logField ? { correlationField: logField } : {});
  for (const service of env.services.values()) {
    if (!service.logs) continue;
    combined.add(service.logs.lines().map((l) => l.raw));
    service.logs.onLine((line) => combined.add([line.raw]));
  }
  return combined;
}
