import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  captureLogs,
  jaegerBackend,
  type LogFieldAliases,
  type LogStore,
  startOtlpReceiver,
  tempoBackend,
} from '@tracegate/trace-assertions';
import { interpolateEnv, type Variables } from '../config/interpolate.ts';
import type { LoadedConfig, LogFieldsConfig, ServiceConfig } from '../config/types.ts';
import { HarnessError } from '../errors.ts';
import { startKafka } from '../provision/kafka/start-kafka.ts';
import { createTopics } from '../provision/kafka/topics.ts';
import { startPostgres } from '../provision/postgres/start-postgres.ts';
import { DEFAULT_PORT_PATTERN, startProcess } from '../provision/process.ts';
import { pythonServiceEnv } from '../provision/python-service.ts';
import type { RunEnvironment, RunningService, RunRecording, VerifyOptions } from '../run/types.ts';
import { recordedTopics, startRecording } from './recording.ts';

type Cleanup = () => Promise<void>;

/** Starts what the selected gates need; `close()` tears it down in reverse order, also after a failure. */
export async function startEnvironment(input: {
  loaded: LoadedConfig;
  options: VerifyOptions;
  needs: ReadonlySet<'kafka' | 'services' | 'traces' | 'recording'>;
  log: (line: string) => void;
}): Promise<{ env: RunEnvironment; close: Cleanup }> {
  const cleanups: Cleanup[] = [];
  const close: Cleanup = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => input.log(`cleanup: ${String(error)}`));
  };
  try {
    const env = await provision(input, cleanups);
    return { env, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function provision(
  { loaded, options, needs, log }: Parameters<typeof startEnvironment>[0],
  cleanups: Cleanup[],
): Promise<RunEnvironment> {
  const { config } = loaded;
  const runId = `tg${randomBytes(4).toString('hex')}`;
  const variables: Record<string, string> = { 'run.id': runId };
  const facts: Record<string, string> = {};
  const starting = needs.has('services') ? config.services.filter((s) => !externalUrl(s, options)) : [];
  const records = config.effects !== undefined && needs.has('recording');
  const usesKafka = needs.has('kafka') || records || starting.some((s) => mentions(s, 'kafka.'));

  let kafka: RunEnvironment['kafka'];
  if (usesKafka) {
    const brokers = options.kafkaBrokers ?? (config.kafka?.brokers !== 'provision' ? config.kafka?.brokers : undefined);
    const handle = await startKafka({ env: brokers ? { ...process.env, KAFKA_BROKERS: brokers } : process.env, log });
    cleanups.push(() => handle.stop());
    const partitions = config.kafka?.partitions ?? 1;
    const topics = records ? recordedTopics(config) : (config.kafka?.topics ?? []);
    await createTopics(
      handle.brokers,
      topics.map((topic) => ({ topic, numPartitions: partitions })),
    );
    kafka = { brokers: handle.bootstrap, strategy: handle.strategy, version: handle.version };
    variables['kafka.brokers'] = handle.bootstrap;
    facts.kafka = `${handle.strategy}${handle.version ? ` ${handle.version}` : ''} at ${handle.bootstrap}`;
  }

  const databases = starting.length > 0 ? (config.databases ?? []) : [];
  if (databases.length > 0) {
    const pg = await startPostgres({ databases: [...databases] });
    cleanups.push(() => pg.stop());
    for (const [name, url] of Object.entries(pg.urls)) variables[`database.${name}`] = url;
    facts.postgres = pg.strategy;
  }

  const traces = await traceSource(config, options, variables, facts, cleanups);
  const recording = records && kafka ? await startRunRecording(config, kafka.brokers, facts, cleanups) : undefined;

  const services = new Map<string, RunningService>();
  for (const service of config.services) {
    const url = externalUrl(service, options);
    if (url) {
      const logs = fileLogs(service, loaded, cleanups);
      services.set(service.name, {
        name: service.name,
        url: recording ? await recording.front(service.name, url) : url,
        ...(logs ? { logs } : {}),
        ...(logs && service.logFields ? { logFields: logFieldAliases(service.logFields) } : {}),
      });
    }
  }
  for (const service of starting) {
    const logs = fileLogs(service, loaded, cleanups);
    const started = await startService(service, loaded, variables, log, logs);
    cleanups.push(async () => void (await started.process?.stop({ signal: 'SIGTERM', timeoutMs: 10_000 })));
    // Every gate reaches the service through the recording proxy, so effect contracts see all its traffic.
    const running = recording ? { ...started, url: await recording.front(service.name, started.url) } : started;
    services.set(service.name, running);
    variables[`services.${service.name}.url`] = running.url;
  }
  return {
    runId,
    variables,
    ...(kafka ? { kafka } : {}),
    traces,
    services,
    ...(recording ? { recording } : {}),
    facts,
  };
}

async function startRunRecording(
  config: LoadedConfig['config'],
  brokers: string,
  facts: Record<string, string>,
  cleanups: Cleanup[],
): Promise<RunRecording> {
  const topics = recordedTopics(config);
  const recording = await startRecording({ brokers, topics });
  cleanups.push(() => recording.stop());
  facts.recording = `HTTP through recording proxies; Kafka tap on ${topics.length} topic(s)`;
  return recording;
}

async function traceSource(
  config: LoadedConfig['config'],
  options: VerifyOptions,
  variables: Record<string, string>,
  facts: Record<string, string>,
  cleanups: Cleanup[],
): Promise<RunEnvironment['traces']> {
  const kind = options.traceBackend?.kind ?? config.traces?.backend ?? 'receiver';
  if (kind === 'receiver') {
    const receiver = await startOtlpReceiver({});
    cleanups.push(() => receiver.close());
    variables['otlp.grpcEndpoint'] = receiver.grpcEndpoint;
    variables['otlp.httpEndpoint'] = receiver.httpEndpoint;
    facts.traces = `in-process OTLP receiver at ${receiver.grpcEndpoint}`;
    return { kind: 'receiver', store: receiver.store };
  }
  const baseUrl = options.traceBackend?.url ?? config.traces?.url;
  if (!baseUrl)
    throw new HarnessError(
      'CONFIG_INVALID',
      `traces.backend ${kind} needs traces.url (or --trace-backend ${kind}:URL)`,
    );
  // The services export to the collector in front of the backend; tracegate only queries it.
  variables['otlp.grpcEndpoint'] = process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? '';
  variables['otlp.httpEndpoint'] = process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? '';
  facts.traces = `${kind} at ${baseUrl}`;
  return { kind: 'backend', backend: kind === 'jaeger' ? jaegerBackend({ baseUrl }) : tempoBackend({ baseUrl }) };
}

function externalUrl(service: ServiceConfig, options: VerifyOptions): string | undefined {
  return (
    options.baseUrls[service.name] ??
    (options.baseUrl && !service.start ? options.baseUrl : undefined) ??
    service.baseUrl
  );
}

function mentions(service: ServiceConfig, prefix: string): boolean {
  return Object.values(service.start?.env ?? {}).some((value) => value.includes(`\${${prefix}`));
}

async function startService(
  service: ServiceConfig,
  loaded: LoadedConfig,
  variables: Variables,
  log: (line: string) => void,
  fromFile: LogStore | undefined,
): Promise<RunningService> {
  const start = service.start;
  if (!start) throw new HarnessError('CONFIG_INVALID', `service ${service.name} has neither start nor baseUrl`);
  const where = `services[${service.name}].start.env`;
  const fixed = start.port;
  const python = await pythonEnv(service, loaded, log);
  const child = await startProcess({
    name: service.name,
    command: [...start.command],
    cwd: resolve(loaded.dir, start.cwd ?? '.'),
    env: { ...python, ...interpolateEnv(start.env ?? {}, variables, where) },
    ...(fixed ? {} : { portFrom: { logPattern: start.portFromLog ?? DEFAULT_PORT_PATTERN } }),
    readyUrl: `http://127.0.0.1:${fixed ?? '{port}'}${service.health ?? '/health/ready'}`,
    timeoutMs: start.startupTimeoutMs ?? 60_000,
  });
  const url = fixed ? `http://127.0.0.1:${fixed}` : child.url;
  if (!url) throw new HarnessError('SERVICE_START_FAILED', `service ${service.name}: no port discovered`);
  log(`service ${service.name}: pid ${child.pid} at ${url}`);
  const logFields = service.logFields ? logFieldAliases(service.logFields) : undefined;
  const logs =
    fromFile ??
    (service.logs === 'none' ? undefined : captureLogs(child.stdout, logFields ? { fields: logFields } : {}));
  return { name: service.name, url, process: child, ...(logs ? { logs } : {}), ...(logFields ? { logFields } : {}) };
}

/**
 * `services[].logFile`: the service's JSON log file, followed from what it holds when the run starts (a file
 * the service has not created yet is read from its first line), so lines of earlier runs are not evidence.
 */
function fileLogs(service: ServiceConfig, loaded: LoadedConfig, cleanups: Cleanup[]): LogStore | undefined {
  if (service.logFile === undefined || service.logs === 'none') return undefined;
  const path = resolve(loaded.dir, service.logFile);
  const fields = service.logFields ? { fields: logFieldAliases(service.logFields) } : {};
  const logs = captureLogs(path, { ...fields, fromStart: !existsSync(path) });
  cleanups.push(() => logs.stop());
  return logs;
}

/** For a Python service: its virtualenv (installed on first use) first on PATH. */
async function pythonEnv(
  service: ServiceConfig,
  loaded: LoadedConfig,
  log: (line: string) => void,
): Promise<Record<string, string> | undefined> {
  if (!service.python) return undefined;
  const { env } = await pythonServiceEnv({
    service: service.name,
    requirements: resolve(loaded.dir, service.python.requirements),
    log,
    ...(service.python.interpreter ? { python: service.python.interpreter } : {}),
  });
  return env;
}

/** A service's configured log field names as the aliases the log parser tries first. */
export function logFieldAliases(fields: LogFieldsConfig): LogFieldAliases {
  return Object.fromEntries(Object.entries(fields).map(([name, path]) => [name, [path]]));
}
