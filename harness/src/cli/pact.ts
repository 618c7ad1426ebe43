import { parseArgs } from 'node:util';
import { findConfig, loadConfig } from '../config/load.ts';
import type { LoadedConfig } from '../config/types.ts';
import { HarnessError } from '../errors.ts';
import { pactDir } from '../gates/pact-consumers/gate.ts';
import { readPactFiles } from '../gates/pact-consumers/pact-files.ts';
import { loadProviderModules } from '../gates/pact-provider/provider-catalog.ts';
import type { ProviderCatalog, ProviderStateInfo } from '../gates/pact-provider/types.ts';

const USAGE = `Usage: tracegate pact states [-c CONFIG] [--json]

Lists what each provider of the config can honour: its provider states (with the parameters they read and the values
they return for fromProviderState) from pacts.stateHandlers, and the message descriptions it produces from
pacts.messageProviders. A pact naming anything else fails verification without being run.
`;

/** `tracegate pact states`: lists the provider states and message descriptions the configured modules offer. */
export async function runPactCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      config: { type: 'string', short: 'c' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals[0] !== 'states' || positionals.length > 1)
    throw new HarnessError('USAGE', `tracegate pact: expected "states", got "${positionals.join(' ')}"`);
  const loaded = await loadConfig(findConfig({ path: values.config, cwd: process.cwd() }));
  if (!loaded.config.pacts) throw new HarnessError('CONFIG_INVALID', `${loaded.path} has no pacts section`);
  const catalogs: ProviderCatalog[] = [];
  for (const provider of providersOf(loaded)) {
    // Listing calls no provider: the modules get a context whose base URL is never used.
    const context = { provider, baseUrl: 'http://127.0.0.1:9', serviceUrls: {} };
    catalogs.push((await loadProviderModules(loaded, context)).catalog);
  }
  process.stdout.write(values.json ? `${JSON.stringify(catalogs, null, 2)}\n` : catalogs.map(renderCatalog).join('\n'));
  return 0;
}

/** The configured provider, or else the providers named by the pact files in `pacts.dir`. */
function providersOf(loaded: LoadedConfig): string[] {
  const pacts = loaded.config.pacts ?? {};
  const fromFiles = readPactFiles(pactDir(loaded)).map((p) => p.provider);
  const configured = pacts.provider ?? pacts.providerService;
  const names = pacts.provider ? [pacts.provider] : [...(configured ? [configured] : []), ...fromFiles];
  return names.length > 0 ? [...new Set(names)] : ['provider'];
}

/** The human-readable listing of one provider. */
export function renderCatalog(catalog: ProviderCatalog): string {
  const states = catalog.states.map(renderState);
  const messages = catalog.messages.map((m) => `    ${m}\n`);
  return [
    `${catalog.provider}\n`,
    `  provider states (${catalog.stateHandlersModule ?? 'pacts.stateHandlers not set'}):\n`,
    ...(states.length > 0 ? states : ['    (none)\n']),
    `  message descriptions (${catalog.messageProvidersModule ?? 'pacts.messageProviders not set'}):\n`,
    ...(messages.length > 0 ? messages : ['    (none)\n']),
  ].join('');
}

function renderState(state: ProviderStateInfo): string {
  const entries = (label: string, map: Readonly<Record<string, string>> | undefined) =>
    Object.entries(map ?? {}).map(([name, what]) => `      ${label} ${name}: ${what}\n`);
  return [
    `    ${state.name}${state.description ? ` — ${state.description}` : ''}\n`,
    ...entries('param', state.params),
    ...entries('returns', state.returns),
  ].join('');
}
