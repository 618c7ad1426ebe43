import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { setTimeout } from 'node:timers/promises';
import {
  type CorrelationChainOptions,
  type CorrelationChainResult,
  type CorrelationLookup,
  captureLogs,
  checkCorrelationChain,
  formatTeethCounts,
  type Hop,
  type KafkaTap,
  type LogFieldAliases,
  type LogStore,
  type Span,
  type TeethCounts,
  type TraceBackend,
  tapKafka,
  waitForCorrelationChain,
} from '@tracegate/trace-assertions';
import type { HopConfig, ScenarioConfig, TracegateConfig } from '../../config/types.ts';
import { HarnessError } from '../../errors.ts';
import type { CheckResult, ReportScenario } from '../../report/types.ts';
import type { RunEnvironment } from '../../run/types.ts';
import {
  type AsyncApiTrafficResult,
  type AsyncApiTrafficTap,
  startAsyncApiTrafficTap,
} from '../asyncapi-traffic/tap.ts';
import type { Gate, GateContext, GateOutcome } from '../types.ts';
import { sendScenarioRequests } from './requests.ts';
import { chainSegments, mergeChainResults } from './segments.ts';
import { addTeeth, type ScenarioTeeth, scenarioTeeth, type TeethSegment } from './teeth.ts';
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
  const logs = combinedLogs(context.env, config.correlation?.logField);
  const hops = (config.scenarios ?? []).flatMap((s) => chainSegments(s).flat());
  const topics = [...new Set(hops.flatMap((h) => (h.topic ? [h.topic] : [])))];
  const tap =
    topics.length > 0 && context.env.kafka ? await tapKafka({ brokers: context.env.kafka.brokers, topics }) : undefined;
  const traffic = await startTrafficTap(context);
  const checks: CheckResult[] = [];
  const teethChecks: CheckResult[] = [];
  let teeth: TeethCounts = { checks: 0, biting: 0 };
  const scenarios: ReportScenario[] = [];
  let trafficResult: AsyncApiTrafficResult | undefined;
  try {
    for (const [index, scenario] of (config.scenarios ?? []).entries()) {
      const outcome = await runScenario({ context, scenario, index, logs, tap });
      checks.push(outcome.check);
      scenarios.push(outcome.report);
      teeth = addTeeth(teeth, outcome.teeth.counts);
      teethChecks.push(...outcome.teeth.checks);
    }
  } finally {
    trafficResult = await traffic?.stop();
    await tap?.stop();
  }
  const failed = checks.filter((c) => c.status === 'failed').length;
  const trafficChecks = (trafficResult?.checks ?? []).map((c) => ({ ...c, name: `asyncapi traffic: ${c.name}` }));
  const summary = [
    `${scenarios.length - failed} of ${scenarios.length} scenario(s) kept the correlation id end to end`,
    formatTeethCounts(teeth),
    ...(trafficResult ? [`${trafficResult.messages} Kafka message(s) validated against the AsyncAPI document`] : []),
  ].join('; ');
  return {
    checks: [...checks, ...teethChecks, ...trafficChecks],
    details: {
      summary,
      hopChecks: teeth,
      scenarios,
      kafkaMessagesRecorded: countByTopic(topics, tap),
      ...(trafficResult ? { asyncapiMessages: trafficResult.messages } : {}),
    },
  };
}

/** Validates every message of the run against the AsyncAPI document, unless the config turns that off. */
async function startTrafficTap(context: GateContext): Promise<AsyncApiTrafficTap | undefined> {
  const { config, dir } = context.loaded;
  const asyncapi = config.contracts?.asyncapi;
  const remoteRefs = config.contracts?.remoteRefs;
  const settings = config.gates?.['asyncapi-traffic'];
  if (!asyncapi || !context.env.kafka || settings?.enabled === false) return undefined;
  return startAsyncApiTrafficTap({
    asyncapiPath: resolve(dir, asyncapi.path),
    ...(remoteRefs ? { remoteRefs: { refs: remoteRefs, baseDir: dir } } : {}),
    brokers: context.env.kafka.brokers,
    log: context.log,
    ...(settings?.ignoreTopics ? { ignoreTopics: settings.ignoreTopics } : {}),
  });
}

function countByTopic(topics: readonly string[], tap: KafkaTap | undefined): Record<string, number> {
  const recorded: Record<string, number> = Object.fromEntries(topics.map((t) => [t, 0]));
  for (const message of tap?.messages() ?? []) recorded[message.topic] = (recorded[message.topic] ?? 0) + 1;
  return recorded;
}

async function runScenario(input: {
  context: GateContext;
  scenario: ScenarioConfig;
  index: number;
  logs: LogStore;
  tap: KafkaTap | undefined;
}): Promise<{ check: CheckResult; report: ReportScenario; teeth: ScenarioTeeth }> {
  const { context, scenario, logs, tap } = input;
  const { config } = context.loaded;
  const started = performance.now();
  const correlationId = `${context.env.runId}-${input.index + 1}-${scenario.name.replace(/[^\w.:-]/g, '-')}`.slice(
    0,
    128,
  );
  const timeoutMs = scenario.timeoutMs ?? 60_000;
  const traceId = randomBytes(16).toString('hex');
  const responses = await sendScenarioRequests([scenario.request, ...(scenario.then ?? [])], {
    baseUrl: (name) => serviceUrl(context.env, name),
    correlationHeader: config.correlation?.header ?? 'x-correlation-id',
    correlationId,
    traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
    timeoutMs,
  });
  const failedRequest = responses.find((r) => r.problem);
  const base = {
    correlationId,
    traceId,
    logs,
    ...(tap ? { messages: tap } : {}),
    correlation: correlationLookup(config.correlation),
    ...(config.kafka?.topicAttributes ? { topicAttributes: config.kafka.topicAttributes } : {}),
  };
  const checked = failedRequest
    ? undefined
    : await checkSegments({ scenario, traces: context.env.traces, base, timeoutMs, logs, tap });
  const result = checked?.result;
  const spans = checked?.spans ?? [];
  const ok = !failedRequest && result?.ok === true;
  const traceIds = new Set(result?.traceIds ?? []);
  const message =
    failedRequest?.problem ??
    (result?.firstBroken
      ? `first broken hop: ${result.firstBroken.label} — ${result.firstBroken.reason ?? ''}`
      : undefined);
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
    spans: spans.filter((s) => traceIds.has(s.traceId)),
    logLines: logs.find(
      (line) => line.correlationId === correlationId || (line.traceId !== undefined && traceIds.has(line.traceId)),
    ),
  });
  return { check, report, teeth: scenarioTeeth(scenario.name, ok ? (checked?.proven ?? []) : []) };
}

/** Checks a scenario's chain segments in turn; each passing one is kept with its evidence to prove its checks bite. */
async function checkSegments(input: {
  scenario: ScenarioConfig;
  traces: RunEnvironment['traces'];
  base: Omit<SegmentOptions, 'hops'>;
  timeoutMs: number;
  logs: LogStore;
  tap: KafkaTap | undefined;
}): Promise<{ result: CorrelationChainResult; spans: readonly Span[]; proven: TeethSegment[] }> {
  const { logs, tap } = input;
  const segments: CorrelationChainResult[] = [];
  const proven: TeethSegment[] = [];
  let spans: readonly Span[] = [];
  let offset = 0;
  for (const hops of chainSegments(input.scenario)) {
    const options = { ...input.base, hops: hops.map(toHop) };
    const outcome = await checkSegment(input.traces, options, input.timeoutMs);
    if (outcome.result.ok) {
      // The evidence frozen as arrays, so later traffic does not change what the re-checks see.
      const frozen = { spans: outcome.spans, logs: logs.lines(), ...(tap ? { messages: tap.messages() } : {}) };
      proven.push({ result: outcome.result, options: { ...options, ...frozen }, offset });
    }
    offset += hops.length;
    segments.push(outcome.result);
    spans = outcome.spans;
  }
  return { result: mergeChainResults(segments), spans, proven };
}

type SegmentOptions = Omit<CorrelationChainOptions, 'spans'> & { readonly traceId: string };

/** Checks one chain segment: push-driven against the receiver, polling against a backend. */
async function checkSegment(
  traces: RunEnvironment['traces'],
  options: SegmentOptions,
  timeoutMs: number,
): Promise<{ result: CorrelationChainResult; spans: readonly Span[] }> {
  if (traces.kind === 'backend') return pollBackend(traces.backend, options, timeoutMs);
  const chain = { ...options, spans: traces.store };
  const result = await waitForCorrelationChain({ ...chain, timeoutMs }).catch(() => checkCorrelationChain(chain));
  return { result, spans: traces.store.spans() };
}

function correlationLookup(correlation: TracegateConfig['correlation']): CorrelationLookup {
  return {
    ...(correlation?.header ? { header: correlation.header } : {}),
    ...(correlation?.logField ? { logField: correlation.logField } : {}),
    ...(correlation?.spanAttributes ? { spanAttributes: correlation.spanAttributes } : {}),
  };
}

/** Backends are queried, not pushed to: re-fetch the trace until the chain holds or time runs out. */
async function pollBackend(
  backend: TraceBackend,
  options: SegmentOptions,
  timeoutMs: number,
): Promise<{ result: CorrelationChainResult; spans: readonly Span[] }> {
  const deadline = performance.now() + timeoutMs;
  let settled: string | undefined;
  for (;;) {
    const spans = (await backend.fetchTrace(options.traceId))?.spans ?? [];
    const result = checkCorrelationChain({ ...options, spans });
    // Broken on contradicting evidence in two fetches in a row: waiting cannot repair it.
    const now = result.firstBroken?.settled ? `${result.firstBroken.index}:${result.firstBroken.reason}` : undefined;
    if (result.ok || performance.now() > deadline || (now !== undefined && now === settled)) return { result, spans };
    settled = now;
    await setTimeout(500);
  }
}

function toHop(hop: HopConfig): Hop {
  const service = hop.service ?? '';
  switch (hop.kind) {
    case 'http-server':
      return {
        kind: 'http-server',
        service,
        ...(hop.route ? { route: hop.route } : {}),
        ...(hop.method ? { method: hop.method } : {}),
      };
    case 'kafka-publish':
      return { kind: 'kafka-publish', service, topic: hop.topic ?? '' };
    case 'kafka-consume':
      return { kind: 'kafka-consume', service, topic: hop.topic ?? '' };
    case 'log':
      return { kind: 'log', service, ...(hop.message ? { message: matcher(hop.message) } : {}) };
    case 'span':
      return {
        kind: 'span',
        query: hop.selector ?? {
          ...(hop.service ? { service } : {}),
          ...(hop.name ? { name: matcher(hop.name) } : {}),
        },
      };
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
  const fields = logFieldsOfAll(env);
  const combined = captureLogs([], {
    ...(logField ? { correlationField: logField } : {}),
    ...(fields ? { fields } : {}),
  });
  for (const service of env.services.values()) {
    if (!service.logs) continue;
    combined.add(service.logs.lines().map((l) => l.raw));
    service.logs.onLine((line) => combined.add([line.raw]));
  }
  return combined;
}

/** Every service's configured log field names, tried in turn on every line of the combined store. */
function logFieldsOfAll(env: RunEnvironment): LogFieldAliases | undefined {
  const merged: Record<string, string[]> = {};
  for (const service of env.services.values()) {
    for (const [name, paths] of Object.entries(service.logFields ?? {}))
      merged[name] = [...(merged[name] ?? []), ...paths];
  }
  return Object.keys(merged).length > 0 ? merged : undefined;
}
