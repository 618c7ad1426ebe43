import { HarnessError } from '../../errors.ts';
import { runCommand, tail } from '../../provision/run-command.ts';
import type { CheckResult } from '../../report/types.ts';

/** Pact Broker settings from the environment (`PACT_BROKER_BASE_URL`, version from `PACT_PROVIDER_VERSION` / `GIT_COMMIT`). */
export interface BrokerSettings {
  readonly url: string;
  readonly version: string;
  readonly branch?: string;
  /** argv prefix of the Pact CLI (`PACT_CLI`, default `npx --yes @pact-foundation/pact-cli`). */
  readonly cli: readonly string[];
}

/** Broker mode is on when `PACT_BROKER_BASE_URL` (or `pacts.brokerUrl`) is set. */
export function brokerSettings(env: NodeJS.ProcessEnv, configured?: string): BrokerSettings | undefined {
  const url = env.PACT_BROKER_BASE_URL ?? configured;
  if (!url) return undefined;
  const version = env.PACT_PROVIDER_VERSION ?? env.GIT_COMMIT ?? env.GITHUB_SHA ?? env.CI_COMMIT_SHA;
  if (!version)
    throw new HarnessError(
      'CONFIG_INVALID',
      'PACT_BROKER_BASE_URL is set: set PACT_PROVIDER_VERSION (or GIT_COMMIT) too',
    );
  const branch = env.PACT_PROVIDER_BRANCH ?? env.GITHUB_REF_NAME ?? env.CI_COMMIT_REF_NAME;
  const cli = (env.PACT_CLI ?? 'npx --yes @pact-foundation/pact-cli').split(' ').filter(Boolean);
  return { url, version, ...(branch ? { branch } : {}), cli };
}

/** Publishes pact files to the broker (`pact-broker publish`). */
export async function publishPacts(settings: BrokerSettings, files: readonly string[]): Promise<CheckResult> {
  const args = [
    'pact-broker',
    'publish',
    ...files,
    '--consumer-app-version',
    settings.version,
    '--broker-base-url',
    settings.url,
  ];
  if (settings.branch) args.push('--branch', settings.branch);
  return cliCheck(settings, args, `${files.length} pact files published to ${settings.url}`);
}

/** Asks the broker whether `pacticipant` at this version can be deployed (`pact-broker can-i-deploy`). */
export async function canIDeploy(settings: BrokerSettings, pacticipant: string): Promise<CheckResult> {
  const environment = process.env.PACT_ENVIRONMENT ?? 'production';
  const args = ['pact-broker', 'can-i-deploy', '--pacticipant', pacticipant, '--version', settings.version];
  args.push('--to-environment', environment, '--broker-base-url', settings.url);
  return cliCheck(settings, args, `can-i-deploy ${pacticipant} ${settings.version} to ${environment}`);
}

async function cliCheck(settings: BrokerSettings, args: string[], name: string): Promise<CheckResult> {
  const [program = 'npx', ...prefix] = settings.cli;
  const result = await runCommand(program, [...prefix, ...args], { timeoutMs: 5 * 60_000 });
  if (!result)
    throw new HarnessError('MISSING_PREREQUISITE', `Pact CLI not found (${settings.cli.join(' ')}); set PACT_CLI`);
  const output = tail(`${result.stdout}\n${result.stderr}`, 15);
  return result.code === 0
    ? { name, status: 'passed', message: output }
    : { name, status: 'failed', message: output, evidence: [{ kind: 'text', text: output }] };
}
