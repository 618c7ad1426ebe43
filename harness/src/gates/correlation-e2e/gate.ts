import { resolve } from 'node:path';
import {
  formatTeethCounts,
  type KafkaTap,
  type TeethCounts,
  type TraceSpecDocument,
  tapKafka,
} from '@tracegate/trace-assertions';
import {
  type AsyncApiTrafficResult,
  type AsyncApiTrafficTap,
  startAsyncApiTrafficTap,
} from '../../contracts/traffic-tap.ts';
import type { CheckResult, ReportScenario } from '../../report/types.ts';
import type { Gate, GateContext, GateOutcome } from '../types.ts';
import { combinedLogs } from './combined-logs.ts';
import { mapConcurrent } from './map-concurrent.ts';
import { runScenario } from './run-scenario.ts';
import { addTeeth } from './teeth.ts';
import { scenarioToSpec } from './to-spec.ts';

/** Scenarios run at once unless `gates.correlation-e2e.concurrency` says otherwise. */
const DEFAULT_CONCURRENCY = 4;

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
  const specs = (config.scenarios ?? []).map(scenarioToSpec);
  const topics = chainTopics(specs);
  const { tap, traffic } = await startTaps(context, topics);
  let ran: ScenarioRuns | undefined;
  let trafficResult: AsyncApiTrafficResult | undefined;
  try {
    ran = await runEach(specs, { context, logs, tap });
  } finally {
    trafficResult = await stopTaps(tap, traffic);
  }
  const { checks, teethChecks, teeth, scenarios } = ran;
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

/** The topics any Kafka hop of the scenarios (and their follow-ups) names. */
function chainTopics(specs: readonly TraceSpecDocument[]): string[] {
  const hops = specs.flatMap((s) => [...(s.chain ?? []), ...(s.followUps ?? []).flatMap((t) => t.chain ?? [])]);
  return [...new Set(hops.flatMap((h) => ('topic' in h ? [h.topic] : [])))];
}

interface ScenarioRuns {
  readonly checks: CheckResult[];
  readonly teethChecks: CheckResult[];
  readonly teeth: TeethCounts;
  readonly scenarios: ReportScenario[];
}

/**
 * Runs the scenarios, `concurrency` at a time (each has its own correlation id, so their chains can be checked side by
 * side), collecting their checks, report entries and hop-check teeth in config order.
 */
async function runEach(
  specs: readonly TraceSpecDocument[],
  shared: Omit<Parameters<typeof runScenario>[0], 'spec' | 'index'>,
): Promise<ScenarioRuns> {
  const concurrency = shared.context.loaded.config.gates?.['correlation-e2e']?.concurrency ?? DEFAULT_CONCURRENCY;
  const outcomes = await mapConcurrent(specs, concurrency, (spec, index) => runScenario({ ...shared, spec, index }));
  const runs: ScenarioRuns = { checks: [], teethChecks: [], teeth: { checks: 0, biting: 0 }, scenarios: [] };
  let teeth = runs.teeth;
  for (const outcome of outcomes) {
    runs.checks.push(outcome.check);
    runs.scenarios.push(outcome.report);
    teeth = addTeeth(teeth, outcome.teeth.counts);
    runs.teethChecks.push(...outcome.teeth.checks);
  }
  return { ...runs, teeth };
}

/** The scenarios' tap and the AsyncAPI traffic tap, started side by side (each joins its own consumer group). */
async function startTaps(
  context: GateContext,
  topics: readonly string[],
): Promise<{ tap: KafkaTap | undefined; traffic: AsyncApiTrafficTap | undefined }> {
  const brokers = context.env.kafka?.brokers;
  const [tap, traffic] = await Promise.allSettled([
    topics.length > 0 && brokers ? tapKafka({ brokers, topics: [...topics] }) : undefined,
    startTrafficTap(context),
  ]);
  if (tap.status === 'fulfilled' && traffic.status === 'fulfilled') return { tap: tap.value, traffic: traffic.value };
  // One did not start: stop the other before reporting why.
  await stopTaps(
    tap.status === 'fulfilled' ? tap.value : undefined,
    traffic.status === 'fulfilled' ? traffic.value : undefined,
  );
  throw (tap.status === 'rejected' ? tap : (traffic as PromiseRejectedResult)).reason;
}

/** Stops both taps side by side (each waits for its consumers to leave); the traffic tap's verdict. */
async function stopTaps(
  tap: KafkaTap | undefined,
  traffic: AsyncApiTrafficTap | undefined,
): Promise<AsyncApiTrafficResult | undefined> {
  const [verdict, stopped] = await Promise.allSettled([traffic?.stop(), tap?.stop()]);
  if (verdict.status === 'rejected') throw verdict.reason;
  if (stopped.status === 'rejected') throw stopped.reason;
  return verdict.value;
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
