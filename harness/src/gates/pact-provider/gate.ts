import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderJUnit } from '../../report/junit.ts';
import type { CheckResult } from '../../report/types.ts';
import { pactDir } from '../pact-consumers/gate.ts';
import { type PactFile, readPactFiles } from '../pact-consumers/pact-files.ts';
import type { Gate, GateContext } from '../types.ts';
import { brokerSettings, canIDeploy, publishPacts } from './broker.ts';
import { loadProviderModule, type MessageProviders, type StateHandlers } from './provider-modules.ts';
import type { InteractionResult, ProviderContext } from './types.ts';
import { verifyProvider } from './verify-provider.ts';

/** Verifies every pact in `pacts.dir` against the running provider: HTTP and message interactions in one Verifier. */
export const pactProviderGate: Gate = {
  name: 'pact-provider',
  description: 'The running providers honour every consumer pact (HTTP and Kafka messages)',
  needs: ['services'],
  applies(loaded) {
    return loaded.config.pacts ? { ok: true } : { ok: false, reason: 'no pacts section in the config' };
  },
  async run(context) {
    const { loaded } = context;
    const wanted = loaded.config.pacts?.provider;
    const pacts = readPactFiles(pactDir(loaded)).filter((p) => !wanted || p.provider === wanted);
    if (pacts.length === 0) {
      const where = `${pactDir(loaded)}${wanted ? ` for provider ${wanted}` : ''}`;
      return { checks: [{ name: 'pact files to verify', status: 'failed', message: `no pact file in ${where}` }] };
    }
    const broker = brokerSettings(process.env, loaded.config.pacts?.brokerUrl);
    const checks: CheckResult[] = [];
    if (broker) checks.push(await publishPacts(broker, pactDir(loaded)));
    for (const [provider, files] of byProvider(pacts))
      checks.push(...(await verifyOne(context, provider, files, broker)));
    if (broker) for (const provider of byProvider(pacts).keys()) checks.push(await canIDeploy(broker, provider));
    writeJUnit(context, checks);
    const verified = checks.filter((c) => c.name.includes(' → ')).length;
    return { checks, details: { summary: `${verified} interactions verified across ${pacts.length} pact files` } };
  },
};

function byProvider(pacts: readonly PactFile[]): Map<string, PactFile[]> {
  const map = new Map<string, PactFile[]>();
  for (const pact of pacts) map.set(pact.provider, [...(map.get(pact.provider) ?? []), pact]);
  return map;
}

async function verifyOne(
  { loaded, env, log }: GateContext,
  provider: string,
  files: PactFile[],
  broker: ReturnType<typeof brokerSettings>,
): Promise<CheckResult[]> {
  const pacts = loaded.config.pacts ?? {};
  const service = env.services.get(provider) ?? env.services.get(pacts.providerService ?? '');
  const hasHttp = files.some((f) => f.interactions.some((i) => i.type.includes('HTTP')));
  if (!service && hasHttp) {
    return [
      {
        name: `provider ${provider} is running`,
        status: 'failed',
        message: `no running service named ${provider} (set pacts.providerService)`,
      },
    ];
  }
  const serviceUrls = Object.fromEntries([...env.services.values()].map((s) => [s.name, s.url]));
  // Message-only providers are verified through the Verifier's own proxy; the base URL is never called.
  const baseUrl = service?.url ?? 'http://127.0.0.1:9';
  const context: ProviderContext = {
    provider,
    baseUrl,
    serviceUrls,
    ...(env.kafka ? { kafkaBrokers: env.kafka.brokers } : {}),
  };
  const stateHandlers = await loadProviderModule<StateHandlers>({
    path: pacts.stateHandlers,
    dir: loaded.dir,
    exportName: 'stateHandlers',
    context,
  });
  const messageProviders = await loadProviderModule<MessageProviders>({
    path: pacts.messageProviders,
    dir: loaded.dir,
    exportName: 'messageProviders',
    context,
  });
  log(`pact-provider: verifying ${files.length} pact files of ${provider} against ${baseUrl}`);
  const results = await verifyProvider({
    provider,
    baseUrl,
    pactFiles: files.map((f) => f.path),
    stateHandlers,
    messageProviders,
    broker: broker ? { url: broker.url, providerVersion: broker.version, branch: broker.branch } : undefined,
  });
  return results.map(toCheck);
}

function toCheck(result: InteractionResult): CheckResult {
  const name = `${result.consumer} → ${result.provider}: ${result.description}`;
  const given = result.states.length > 0 ? `given ${result.states.join(', ')}` : undefined;
  if (result.ok)
    return {
      name,
      status: 'passed',
      ...(result.durationMs === undefined ? {} : { durationMs: result.durationMs }),
      ...(given ? { message: given } : {}),
    };
  return {
    name,
    status: result.pending ? 'skipped' : 'failed',
    ...(result.durationMs === undefined ? {} : { durationMs: result.durationMs }),
    message: [given, ...result.mismatches].filter(Boolean).join('\n'),
    evidence: [{ kind: 'pact-mismatch', interaction: name, mismatches: result.mismatches }],
  };
}

function writeJUnit({ reportsDir, loaded }: GateContext, checks: CheckResult[]): void {
  const failures = checks.filter((c) => c.status === 'failed').length;
  const gate = {
    name: 'pact-provider',
    status: failures > 0 ? 'failed' : 'passed',
    checks: checks.length,
    failures,
    durationMs: 0,
    details: { checks },
  } as const;
  const xml = renderJUnit({
    ok: failures === 0,
    tool: { name: 'tracegate', version: '0' },
    system: loaded.config.system,
    startedAt: new Date().toISOString(),
    durationMs: 0,
    environment: {},
    gates: [gate],
  });
  writeFileSync(join(reportsDir, 'pact-provider-junit.xml'), xml);
}
