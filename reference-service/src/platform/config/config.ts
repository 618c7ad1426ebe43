import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DatabaseLocation } from './database-url.ts';
import { parseDatabaseUrl } from './database-url.ts';
import type { Env } from './env-readers.ts';
import { boolean, httpUrl, integer, invalidVariable, list, oneOf, optionalString } from './env-readers.ts';

/** The bounded contexts a process can run. */
export type ContextName = 'order' | 'payment';

/** pino levels accepted by LOG_LEVEL. */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Settings the telemetry preload needs before the app is imported. */
export interface TelemetryConfig {
  readonly serviceName: string;
  readonly serviceVersion: string;
  readonly deploymentEnvironment: string;
  readonly otlpEndpoint: string | undefined;
}

/** Retry policy of consumers and the outbox relay. */
export interface RetryConfig {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** The whole validated configuration. */
export interface ServiceConfig extends TelemetryConfig {
  readonly port: number;
  readonly contexts: readonly ContextName[];
  readonly logLevel: LogLevel;
  readonly kafka: {
    readonly brokers: readonly string[];
    readonly clientId: string;
    readonly groupIdPrefix: string;
    readonly topicPrefix: string;
    readonly topicPartitions: number;
    readonly fromBeginning: boolean;
  };
  readonly databases: Readonly<Partial<Record<ContextName, DatabaseLocation>>>;
  readonly paymentAmountLimit: number;
  readonly outbox: { readonly pollIntervalMs: number; readonly batchSize: number };
  readonly retry: RetryConfig;
  readonly http: { readonly bodyLimitBytes: number };
  readonly shutdownTimeoutMs: number;
}

const contextNames: readonly ContextName[] = ['order', 'payment'];
const logLevels: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function packageVersion(): string {
  const file = new URL('../../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

function parseContexts(env: Env): readonly ContextName[] {
  const names = list(env, 'CONTEXTS', ['order', 'payment']);
  for (const name of names) {
    if (!contextNames.includes(name as ContextName))
      invalidVariable('CONTEXTS', `unknown context "${name}" (order, payment)`);
  }
  return contextNames.filter((name) => names.includes(name));
}

function topicPrefix(env: Env): string {
  const prefix = env.KAFKA_TOPIC_PREFIX?.trim() ?? '';
  if (!/^[A-Za-z0-9._-]*$/.test(prefix)) invalidVariable('KAFKA_TOPIC_PREFIX', 'may only hold A-Z a-z 0-9 . _ -');
  return prefix;
}

function defaultServiceName(contexts: readonly ContextName[]): string {
  return contexts.length === 1 ? `${contexts[0]}-service` : 'reference-service';
}

/** Reads the telemetry subset (used by the preload, before anything else). */
export function loadTelemetryConfig(env: Env): TelemetryConfig {
  return {
    serviceName: optionalString(env, 'SERVICE_NAME') ?? defaultServiceName(parseContexts(env)),
    serviceVersion: optionalString(env, 'SERVICE_VERSION') ?? packageVersion(),
    deploymentEnvironment: optionalString(env, 'DEPLOYMENT_ENVIRONMENT') ?? 'development',
    otlpEndpoint: httpUrl(env, 'OTEL_EXPORTER_OTLP_ENDPOINT'),
  };
}

function databaseFor(env: Env, context: ContextName, dataDir: string): DatabaseLocation {
  const name = `${context.toUpperCase()}_DATABASE_URL`;
  return parseDatabaseUrl(name, optionalString(env, name) ?? `pglite://${resolve(dataDir, `${context}-db`)}`);
}

/**
 * Reads and validates the configuration; throws a CONFIG_INVALID ServiceError naming the variable.
 * @example const config = loadConfig(process.env);
 */
export function loadConfig(env: Env, cwd: string = process.cwd()): ServiceConfig {
  const contexts = parseContexts(env);
  const telemetry = loadTelemetryConfig(env);
  const dataDir = resolve(cwd, optionalString(env, 'DATA_DIR') ?? '.data');
  const databases: Partial<Record<ContextName, DatabaseLocation>> = {};
  for (const context of contexts) databases[context] = databaseFor(env, context, dataDir);
  const baseDelayMs = integer(env, 'RETRY_BASE_DELAY_MS', { default: 200, min: 1, max: 60_000 });
  return {
    ...telemetry,
    port: integer(env, 'PORT', { default: 8080, min: 0, max: 65_535 }),
    contexts,
    logLevel: oneOf(env, 'LOG_LEVEL', { values: logLevels, default: 'info' }),
    kafka: {
      brokers: list(env, 'KAFKA_BROKERS'),
      clientId: optionalString(env, 'KAFKA_CLIENT_ID') ?? telemetry.serviceName,
      groupIdPrefix: env.KAFKA_GROUP_ID_PREFIX?.trim() ?? '',
      topicPrefix: topicPrefix(env),
      topicPartitions: integer(env, 'KAFKA_TOPIC_PARTITIONS', { default: 3, min: 1, max: 1_000 }),
      fromBeginning: boolean(env, 'KAFKA_FROM_BEGINNING', true),
    },
    databases,
    paymentAmountLimit: integer(env, 'PAYMENT_AMOUNT_LIMIT', {
      default: 1_000_000,
      min: 0,
      max: Number.MAX_SAFE_INTEGER,
    }),
    outbox: {
      pollIntervalMs: integer(env, 'OUTBOX_POLL_INTERVAL_MS', { default: 1_000, min: 10, max: 600_000 }),
      batchSize: integer(env, 'OUTBOX_BATCH_SIZE', { default: 100, min: 1, max: 10_000 }),
    },
    retry: {
      maxAttempts: integer(env, 'CONSUMER_MAX_ATTEMPTS', { default: 5, min: 1, max: 100 }),
      baseDelayMs,
      maxDelayMs: integer(env, 'RETRY_MAX_DELAY_MS', { default: 10_000, min: baseDelayMs, max: 600_000 }),
    },
    http: { bodyLimitBytes: integer(env, 'HTTP_BODY_LIMIT_BYTES', { default: 65_536, min: 1_024, max: 10_485_760 }) },
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', { default: 10_000, min: 100, max: 600_000 }),
  };
}
