import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import type { KafkaTap } from '@tracegate/trace-assertions';
import type { CheckResult } from '../../report/types.ts';
import type { RunningService } from '../../run/types.ts';
import { pactDir } from '../pact-consumers/gate.ts';
import { type PactFile, readPactDir, readPactFile } from '../pact-consumers/pact-files.ts';
import { readWrittenPacts } from '../pact-consumers/written-pacts.ts';
import type { Gate, GateContext } from '../types.ts';
import { type BrokerSettings, brokerSettings, canIDeploy, publishPacts } from './broker.ts';
import { writeProviderJUnit } from './junit-file.ts';
import { isMessage, knownInteractions } from './known-interactions.ts';
import { LIVE_CHECK_SUFFIX, proveOnTheWire, tapPactTopics } from './live-messages.ts';
import { loadProviderModules } from './provider-catalog.ts';
import type { InteractionResult, ProviderCatalog, ProviderContext } from './types.ts';
import { verifyProvider } from './verify-provider.ts';

/** How long to wait for a first message on a topic a message pact names, once the verifier is done. */
const LIVE_WAIT_MS = 10_000;

/** One provider's verification, kept until its message interactions are proven on the wire. */
interface ProviderRun {
  readonly checks: CheckResult[];
  readonly catalog?: ProviderCatalog;
  readonly known: readonly PactFile[];
  readonly results: readonly InteractionResult[];
}

/**
 * Verifies every pact in `pacts.dir` (whoever wrote it) against the running provider: HTTP and message interactions
 * in one Verifier. An interaction naming a state or message the provider does not know fails without being run.
 * When the run has Kafka, each message interaction is also matched against what the services published meanwhile.
 */
export const pactProviderGate: Gate = {
  name: 'pact-provider',
  description: 'The running providers honour every consumer pact (HTTP and Kafka messages)',
  needs: ['services'],
  applies(loaded) {
    return loaded.config.pacts ? { ok: true } : { ok: false, reason: 'no pacts section in the config' };
  },
  async run(context) {
    const { loaded } = context;
    const dir = pactDir(loaded);
    const wanted = loaded.config.pacts?.provider;
    const { pacts: all, unreadable } = readPactDir(dir);
    const pacts = all.filter((p) => !wanted || p.provider === wanted);
    const checks: CheckResult[] = unreadable.map((u) => ({
      name: `pact file ${relative(dir, u.path)}`,
      status: 'failed',
      message: `not a pact file (in ${dir}): ${u.reason}`,
    }));
    if (pacts.length === 0) {
      const message = `no pact file in ${dir}${wanted ? ` for provider ${wanted}` : ''}`;
      return { checks: [...checks, { name: 'pact files to verify', status: 'failed', message }] };
    }
    const broker = brokerSettings(process.env, loaded.config.pacts?.brokerUrl);
    if (broker) checks.push(await publishOwnPacts(broker, dir));
    const runs = await verifyAll(context, pacts, broker);
    checks.push(...runs.flatMap((r) => r.checks));
    if (broker) for (const provider of byProvider(pacts).keys()) checks.push(await canIDeploy(broker, provider));
    writeProviderJUnit({ reportsDir: context.reportsDir, system: loaded.config.system, checks });
    const interactions = checks.filter((c) => c.name.includes(' → ') && !c.name.endsWith(LIVE_CHECK_SUFFIX));
    const count = (status: string) => interactions.filter((c) => c.status === status).length;
    const summary = `${count('passed')} of ${interactions.length} interactions verified across ${pacts.length} pact files (${count('failed')} failed, ${count('skipped')} skipped)`;
    return { checks, details: { summary, providers: runs.flatMap((r) => (r.catalog ? [r.catalog] : [])) } };
  },
};

/** Verifies each provider in turn under one Kafka tap, so a message one provider's run caused is seen by all. */
async function verifyAll(
  context: GateContext,
  pacts: readonly PactFile[],
  broker: BrokerSettings | undefined,
): Promise<ProviderRun[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'tracegate-pact-known-'));
  const brokers = context.env.kafka?.brokers;
  let tap: KafkaTap | undefined;
  try {
    const tapped = brokers ? await startTap(brokers, pacts) : {};
    tap = tapped.tap;
    const runs: ProviderRun[] = [];
    const providers = byProvider(pacts);
    const service = (provider: string) => serviceFor(context, provider, providers.size);
    for (const [provider, files] of providers)
      runs.push(await verifyOne(context, { provider, service: service(provider) }, files, broker, scratch));
    if (tapped.problem) runs[0]?.checks.push(tapped.problem);
    if (!tap) return runs;
    for (const run of runs) run.checks.push(...(await proveRun(run, { tap, scratch, signal: context.signal })));
    return runs;
  } finally {
    await tap?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The gate-wide tap, or (when the topics cannot be tapped) a skipped check saying why nothing is proven on the wire. */
async function startTap(
  brokers: string,
  pacts: readonly PactFile[],
): Promise<{ tap?: KafkaTap; problem?: CheckResult }> {
  try {
    const tap = await tapPactTopics(brokers, pacts);
    return tap ? { tap } : {};
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      problem: {
        name: `message pacts on the wire${LIVE_CHECK_SUFFIX}`,
        status: 'skipped',
        message: `not proven on the wire: the topics the message pacts name could not be tapped: ${reason}`,
      },
    };
  }
}

async function proveRun(
  run: ProviderRun,
  { tap, scratch, signal }: { tap: KafkaTap; scratch: string; signal: AbortSignal },
): Promise<CheckResult[]> {
  const provider = run.catalog?.provider;
  if (!provider || run.known.length === 0) return [];
  return proveOnTheWire({
    tap,
    pacts: run.known,
    provider,
    builder: run.results,
    waitMs: LIVE_WAIT_MS,
    scratchDir: mkdtempSync(join(scratch, 'live-')),
    signal,
  });
}

/** Publishes only the pacts this repository's consumer tests wrote: others' pacts are theirs to publish. */
async function publishOwnPacts(broker: BrokerSettings, dir: string): Promise<CheckResult> {
  const own = readWrittenPacts(dir).map((name) => join(dir, name));
  if (own.length === 0)
    return { name: 'pacts published', status: 'skipped', message: `the pact-consumers gate wrote no pact in ${dir}` };
  return publishPacts(broker, own);
}

function byProvider(pacts: readonly PactFile[]): Map<string, PactFile[]> {
  const map = new Map<string, PactFile[]>();
  for (const pact of pacts) map.set(pact.provider, [...(map.get(pact.provider) ?? []), pact]);
  return map;
}

/**
 * The running service that answers a provider's pacts: the one named after it, else `pacts.providerService` when that
 * is unambiguously this provider's (`pacts.provider` names it, or every pact in the folder is for it). A pact for
 * another provider is never verified against the configured service.
 */
function serviceFor({ loaded, env }: GateContext, provider: string, providers: number): RunningService | undefined {
  const named = env.services.get(provider);
  if (named) return named;
  const pacts = loaded.config.pacts;
  const mapped = pacts?.provider ? pacts.provider === provider : providers === 1;
  return mapped && pacts?.providerService ? env.services.get(pacts.providerService) : undefined;
}

function providerContext({ env }: GateContext, provider: string, service: RunningService | undefined): ProviderContext {
  const serviceUrls = Object.fromEntries([...env.services.values()].map((s) => [s.name, s.url]));
  // Message-only providers are verified through the Verifier's own proxy; the base URL is never called.
  return {
    provider,
    baseUrl: service?.url ?? 'http://127.0.0.1:9',
    serviceUrls,
    ...(env.kafka ? { kafkaBrokers: env.kafka.brokers } : {}),
  };
}

const isPactFile = (read: ReturnType<typeof readPactFile>): read is PactFile => !('reason' in read);

async function verifyOne(
  gateContext: GateContext,
  { provider, service }: { provider: string; service: RunningService | undefined },
  files: PactFile[],
  broker: BrokerSettings | undefined,
  scratch: string,
): Promise<ProviderRun> {
  const { loaded, log } = gateContext;
  if (!service && files.some((f) => f.interactions.some((i) => !isMessage(i)))) {
    const shown = files.map((f) => basename(f.path)).join(', ');
    const message = `${shown} not verified: no running service named ${provider} (to verify it against another service, set pacts.provider: ${provider} and pacts.providerService)`;
    return { checks: [{ name: `provider ${provider} is running`, status: 'failed', message }], known: [], results: [] };
  }
  const context = providerContext(gateContext, provider, service);
  const modules = await loadProviderModules(loaded, context);
  const split = files.map((f) => knownInteractions(f, modules.catalog, mkdtempSync(join(scratch, 'known-'))));
  const known = split.flatMap((s) => (s.path ? [readPactFile(s.path)] : [])).filter(isPactFile);
  const unknown = split.flatMap((s) => s.checks);
  if (known.length === 0) return { checks: unknown, catalog: modules.catalog, known, results: [] };
  log(`pact-provider: verifying ${known.length} pact files of ${provider} against ${context.baseUrl}`);
  const results = await verifyProvider({
    provider,
    baseUrl: context.baseUrl,
    pactFiles: known.map((k) => k.path),
    stateHandlers: modules.stateHandlers,
    messageProviders: modules.messageProviders,
    broker: broker ? { url: broker.url, providerVersion: broker.version, branch: broker.branch } : undefined,
  });
  return { checks: [...unknown, ...results.map(toCheck)], catalog: modules.catalog, known, results };
}

function toCheck(result: InteractionResult): CheckResult {
  const name = `${result.consumer} → ${result.provider}: ${result.description}`;
  const given = result.states.length > 0 ? `given ${result.states.join(', ')}` : undefined;
  const duration = result.durationMs === undefined ? {} : { durationMs: result.durationMs };
  if (result.ok) return { name, status: 'passed', ...duration, ...(given ? { message: given } : {}) };
  return {
    name,
    status: result.pending ? 'skipped' : 'failed',
    ...duration,
    message: [given, ...result.mismatches].filter(Boolean).join('\n'),
    evidence: [{ kind: 'pact-mismatch', interaction: name, mismatches: result.mismatches }],
  };
}
