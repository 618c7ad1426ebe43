import { parseArgs } from 'node:util';
import { HarnessError } from '../errors.ts';
import type { VerifyOptions } from '../run/types.ts';
import { joinSplitLists } from './usage.ts';

/** Environment variables that override the config file; documented in the README. */
export const ENV_OVERRIDES = {
  TRACEGATE_CONFIG: 'config file path (--config)',
  TRACEGATE_GATES: 'comma-separated gates to run (--gates)',
  TRACEGATE_SKIP_GATES: 'comma-separated gates to skip (--skip)',
  TRACEGATE_BASE_URL: 'base URL of a running service, NAME=URL or a bare URL (--base-url)',
  KAFKA_BROKERS: 'use this Kafka cluster instead of provisioning one (--kafka-brokers)',
  DATABASE_URL: 'PostgreSQL server on which a database per declared database is created (else embedded PGlite)',
  TRACEGATE_TRACE_BACKEND:
    'jaeger:URL or tempo:URL to read spans from instead of the in-process receiver (--trace-backend)',
  TRACEGATE_REPORTS_DIR: 'where reports are written (--reports, default reports)',
  SCHEMATHESIS_BIN: 'Schemathesis executable to use instead of the project virtualenv',
  TRACEGATE_ANNOTATIONS: 'false: under GitHub Actions, print failure reasons without ::error annotations',
  TRACEGATE_BREAKING_BASE:
    'git ref whose contracts the breaking-changes gate compares against, instead of contracts.*.released',
} as const;

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

/** Parses `tracegate verify` flags. */
export function parseVerifyOptions(argv: readonly string[], env: NodeJS.ProcessEnv): VerifyOptions {
  const { values } = parseArgs({
    args: joinSplitLists(argv, ['--gates', '--skip', '--kafka-brokers']),
    allowPositionals: false,
    options: {
      config: { type: 'string', short: 'c' },
      gates: { type: 'string' },
      skip: { type: 'string' },
      'base-url': { type: 'string', multiple: true },
      'kafka-brokers': { type: 'string' },
      'trace-backend': { type: 'string' },
      reports: { type: 'string' },
      plain: { type: 'boolean' },
    },
  });
  const baseUrlArgs = values['base-url'] ?? list(env.TRACEGATE_BASE_URL);
  const named = baseUrlArgs.filter((v) => /^[^=:/]+=/.test(v));
  const bare = baseUrlArgs.filter((v) => !named.includes(v));
  if (bare.length > 1) throw new HarnessError('USAGE', '--base-url: give NAME=URL when there are several');
  const kafkaBrokers = values['kafka-brokers'] ?? env.KAFKA_BROKERS;
  const configPath = values.config ?? env.TRACEGATE_CONFIG;
  const traceBackend = parseTraceBackend(values['trace-backend'] ?? env.TRACEGATE_TRACE_BACKEND);
  return {
    ...(configPath ? { configPath } : {}),
    only: list(values.gates ?? env.TRACEGATE_GATES),
    skip: list(values.skip ?? env.TRACEGATE_SKIP_GATES),
    baseUrls: Object.fromEntries(named.map((v) => [v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1)])),
    ...(bare[0] ? { baseUrl: bare[0] } : {}),
    ...(kafkaBrokers ? { kafkaBrokers } : {}),
    ...(traceBackend ? { traceBackend } : {}),
    reportsDir: values.reports ?? env.TRACEGATE_REPORTS_DIR ?? 'reports',
    plain: values.plain ?? !process.stdout.isTTY,
  };
}

function parseTraceBackend(value: string | undefined): VerifyOptions['traceBackend'] {
  if (!value) return undefined;
  const match = /^(jaeger|tempo):(https?:\/\/.+)$/.exec(value);
  if (!match?.[1] || !match[2]) {
    throw new HarnessError('USAGE', `--trace-backend: expected jaeger:URL or tempo:URL, got "${value}"`);
  }
  return { kind: match[1] as 'jaeger' | 'tempo', url: match[2] };
}
