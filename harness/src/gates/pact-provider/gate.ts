import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { CheckResult } from '../../report/types.ts';
import { pactDir } from '../pact-consumers/gate.ts';
import { type PactFile, readPactDir, readPactFile } from '../pact-consumers/pact-files.ts';
import { readWrittenPacts } from '../pact-consumers/written-pacts.ts';
import type { Gate, GateContext } from '../types.ts';
import { type BrokerSettings, brokerSettings, canIDeploy, publishPacts } from './broker.ts';
import { writeProviderJUnit } from './junit-file.ts';
import { isMessage, knownInteractions } from './known-interactions.ts';
import { LIVE_CHECK_SUFFIX, proveOnTheWire, tapPactTopics } from './live-messages.ts';
import { loadProviderModules, type ProviderModules } from './provider-catalog.ts';
import type { InteractionResult, ProviderCatalog, ProviderContext } from './types.ts';
import { verifyProvider } from './verify-provider.ts';

/** How long to wait for a first message on a topic a message pact names, once the verifier is done. */
const LIVE_WAIT_MS = 10_000;

/**
 * Verifies every pact in `pacts.dir` (whoever wrote it) against the running provider: HTTP and message interactions
 * in one Verifier. An interaction naming a state or message the provider does not know fails without being run.
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
      const where = `${dir}${wanted ? ` for provider ${wanted}` : ''}`;
      return {
        checks: [...checks, { name: 'pact files to verify', status: 'failed', message: `no pact file in ${where}` }],
      };
    }
    const broker = brokerSettings(process.env, loaded.config.pacts?.brokerUrl);
    if (broker) checks.push(await publishOwnPacts(broker, dir));
    const catalogs: ProviderCatalog[] = [];
    for (const [provider, files] of byProvider(pacts)) {
      const outcome = await verifyOne(context, provider, files, broker);
      checks.push(...outcome.checks);
      if (outcome.catalog) catalogs.push(outcome.catalog);
    }
    if (broker) for (const provider of byProvider(pacts).keys()) checks.push(await canIDeploy(broker, provider));
    writeProviderJUnit({ reportsDir: context.reportsDir, system: loaded.config.system, checks });
    const verified = checks.filter((c) => c.name.includes(' → ') && !c.name.endsWith(LIVE_CHECK_SUFFIX)).length;
    const summary = `${verified} interactions verified across ${pacts.length} pact files`;
    return { checks, details: { summary, providers: catalogs } };
  },
};

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

function providerContext({ loaded, env }: GateContext, provider: string): ProviderContext {
  const service = env.services.get(provider) ?? env.services.get(loaded.config.pacts?.providerService ?? '');
  const serviceUrls = Object.fromEntries([...env.services.values()].map((s) => [s.name, s.url]));
  // Message-only providers are verified through the Verifier's own proxy; the base URL is never called.
  return {
    provider,
    baseUrl: service?.url ?? 'http://127.0.0.1:9',
    serviceUrls,
    ...(env.kafka ? { kafkaBrokers: env.kafka.brokers } : {}),
  };
}

async function verifyOne(
  gateContext: GateContext,
  provider: string,
  files: PactFile[],
  broker: BrokerSettings | undefined,
): Promise<{ checks: CheckResult[]; catalog?: ProviderCatalog }> {
  const { loaded, env } = gateContext;
  const running = env.services.has(provider) || env.services.has(loaded.config.pacts?.providerService ?? '');
  if (!running && files.some((f) => f.interactions.some((i) => !isMessage(i)))) {
    const message = `no running service named ${provider} (set pacts.providerService)`;
    return { checks: [{ name: `provider ${provider} is running`, status: 'failed', message }] };
  }
  const context = providerContext(gateContext, provider);
  const modules = await loadProviderModules(loaded, context);
  const scratch = mkdtempSync(join(tmpdir(), 'tracegate-pact-known-'));
  try {
    const split = files.map((f) => knownInteractions(f, modules.catalog, scratch));
    const known = split.flatMap((s) => (s.path ? [readPactFile(s.path)] : [])).filter(isPactFile);
    const checks = await verifyKnown({ gateContext, context, modules, known, broker, scratch });
    return { checks: [...split.flatMap((s) => s.checks), ...checks], catalog: modules.catalog };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const isPactFile = (read: ReturnType<typeof readPactFile>): read is PactFile => !('reason' in read);

/**
 * Verifies the interactions the provider knows: against the running service and the message providers, and (when
 * the run has Kafka) each message interaction also against what the service published on its topic meanwhile.
 */
async function verifyKnown(input: {
  gateContext: GateContext;
  context: ProviderContext;
  modules: ProviderModules;
  known: readonly PactFile[];
  broker: BrokerSettings | undefined;
  scratch: string;
}): Promise<CheckResult[]> {
  const { context, modules, known, broker } = input;
  if (known.length === 0) return [];
  const brokers = input.gateContext.env.kafka?.brokers;
  const tap = brokers ? await tapPactTopics(brokers, known) : undefined;
  try {
    input.gateContext.log(
      `pact-provider: verifying ${known.length} pact files of ${context.provider} against ${context.baseUrl}`,
    );
    const results = await verifyProvider({
      provider: context.provider,
      baseUrl: context.baseUrl,
      pactFiles: known.map((k) => k.path),
      stateHandlers: modules.stateHandlers,
      messageProviders: modules.messageProviders,
      broker: broker ? { url: broker.url, providerVersion: broker.version, branch: broker.branch } : undefined,
    });
    if (!tap) return results.map(toCheck);
    const live = await proveOnTheWire({
      tap,
      pacts: known,
      provider: context.provider,
      stateHandlers: modules.stateHandlers,
      builder: results,
      waitMs: LIVE_WAIT_MS,
      scratchDir: input.scratch,
    });
    return [...results.map(toCheck), ...live];
  } finally {
    await tap?.stop();
  }
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
