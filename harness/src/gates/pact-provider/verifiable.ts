import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { majorVersion, type PactFile, type PactInteraction } from '../pact-consumers/pact-files.ts';

/** The interaction types the Pact verifier runs here: HTTP requests, and messages through the message providers. */
export const VERIFIABLE_TYPES: readonly string[] = [
  'Synchronous/HTTP',
  'Asynchronous/Messages',
  'Synchronous/Messages',
];

/** Where the Pact verifier looks for plugins: `PACT_PLUGIN_DIR`, else `~/.pact/plugins`. */
export function pluginDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.PACT_PLUGIN_DIR ?? join(homedir(), '.pact', 'plugins');
}

/** Installed plugins are folders named `<name>-<version>`. */
function installed(plugin: string, dir: string): boolean {
  return existsSync(dir) && readdirSync(dir).some((entry) => entry === plugin || entry.startsWith(`${plugin}-`));
}

/**
 * Why the verifier cannot run an interaction at all, whatever the provider offers: a specification version it does
 * not read, an interaction type or transport it does not run, or a Pact plugin that is not installed. Undefined when
 * it can.
 */
export function unverifiableReason(
  pact: PactFile,
  interaction: PactInteraction,
  plugins: string = pluginDir(),
): string | undefined {
  const major = majorVersion(pact.specification);
  if (pact.specification !== 'unknown' && (major === undefined || major < 1 || major > 4))
    return `pact specification "${pact.specification}" is not one the Pact verifier reads (1.x to 4.x)`;
  if (!VERIFIABLE_TYPES.includes(interaction.type))
    return `interaction type "${interaction.type}" is not one the Pact verifier runs (${VERIFIABLE_TYPES.join(', ')})`;
  const { transport } = interaction;
  if (transport !== undefined && transport !== 'http' && transport !== 'https')
    return `sent over ${transport}: the gate verifies interactions over HTTP and through message providers only`;
  if (interaction.scalarJsonRequest)
    return 'the request body is a bare JSON string, number or boolean: the Pact JS verifier proxy parses JSON bodies strictly and answers 400 before the provider sees the request';
  const missing = (interaction.plugins ?? []).filter((plugin) => !installed(plugin, plugins));
  if (missing.length > 0)
    return `needs the Pact plugin ${missing.map((p) => `"${p}"`).join(', ')}, not installed in ${plugins} (install it with pact-plugin-cli, or set PACT_PLUGIN_DIR)`;
  return undefined;
}
