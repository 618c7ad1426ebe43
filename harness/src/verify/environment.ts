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
import type { ProcessHandle } from '../provision/types.ts';
import { createPhaseRecorder, type PhaseRecorder } from '../run/phases.ts';
import type { RunEnvironment, RunningService, RunRecording, VerifyOptions } from '../run/types.ts';
import { recordedTopics, startRecording } from './recording.ts';
import { createTeardown, type Teardown } from './teardown.ts';

type Cleanup = () => Promise<void>;

/** What {@link openEnvironment} and {@link startEnvironment} are given. */
export interface EnvironmentInput {
  readonly loaded: LoadedConfig;
  readonly options: VerifyOptions;
  readonly needs: ReadonlySet<'kafka' | 'services' | 'traces' | 'recording'>;
  readonly log: (line: string) => void;
  /** Records each component's provisioning as a phase (`provision kafka`, `provision service <name>`, …). */
  readonly phases?: PhaseRecorder;
}

/** An environment being started: the trace source is up, `provision()` starts everything else. */
export interface OpenEnvironment {
  /** What runs already (run id, trace source, no Kafka, no service): enough for gates that need nothing. */
  readonly base: RunEnvironment;
  /** Starts Kafka and the databases side by side, then the recording and the services. */
  provision(): Promise<RunEnvironment>;
  /** Stops what was started: services and the recording first, then Kafka, databases, traces; safe to call again. */
  close: Cleanup;
}

/** Starts what the selected gates need; `close()` tears it down, also after a failure. */
export async function startEnvironment(input: EnvironmentInput): Promise<{ env: RunEnvironment; close: Cleanup }> {
  const open = await openEnvironment(input);
  try {
    return { env: await open.provision(), close: open.close };
  } catch (error) {
    await open.close();
    throw error;
  }
}

/** Starts the trace source; the rest starts on `provision()`, so work that needs nothing can run meanwhile. */
export async function openEnvironment(input: EnvironmentInput): Promise<OpenEnvironment> {
  const phases = input.phases ?? createPhaseRecorder();
  const cleanups = createTeardown({ phases, log: input.log });
  const close: Cleanup = () => cleanups.close();
  const runId = `tg${randomBytes(4).toString('hex')}`;
  const variables: Record<string, string> = { 'run.id': runId };
  const facts: Record<string, string> = {};
  try {
    const kind = input.options.traceBackend?.kind ?? input.loaded.config.traces?.backend ?? 'receiver';
    const traces = await phases.time(`provision traces (${kind})`, () =>
      traceSource(input.loaded.config, input.options, variables, facts, cleanups),
    );
    const base: RunEnvironment = { runId, variables, traces, services: new Map(), facts };
    return { base, provision: () => provision({ ...input, phases }, { base, variables, cleanups }), close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** What provisioning adds to as it goes: the placeholder values, the report's facts, the cleanups. */
interface Provisioning {
  readonly base: RunEnvironment;
  readonly variables: Record<string, string>;
  readonly cleanups: Teardown;
}

async function provision(
  input: EnvironmentInput & { phases: PhaseRecorder },
  state: Provisioning,
): Promise<RunEnvironment> {
  const { loaded, options, needs, phases } = input;
  const { config } = loaded;
  const { base, cleanups } = state;
  const starting = needs.has('services') ? config.services.filter((s) => !externalUrl(s, options)) : [];
  const records = config.effects !== undefined && needs.has('recording');
  const usesKafka = needs.has('kafka') || records || starting.some((s) => mentions(s, 'kafka.'));
  const databases = starting.length > 0 ? (config.databases ?? []) : [];
  const [kafka] = await settleAll([
    usesKafka ? phases.time('provision kafka', () => startRunKafka(input, state, records)) : undefined,
    databases.length > 0 ? phases.time('provision databases', () => startDatabases(databases, state)) : undefined,
  ]);
  const recording =
    records && kafka
      ? await phases.time('provision recording', () => startRunRecording(config, kafka.brokers, base.facts, cleanups))
      : undefined;
  const services = new Map<string, RunningService>();
  for (const service of config.services) {
    const url = externalUrl(service, options);
    if (url) services.set(service.name, await externalService(service, url, loaded, recording, cleanups));
  }
  for (const running of await startServices(input, starting, state, recording)) services.set(running.name, running);
  return { ...base, ...(kafka ? { kafka } : {}), services, ...(recording ? { recording } : {}) };
}

/** Waits for every piece, so each registers its cleanup before a failure propagates; throws the first failure. */
async function settleAll<T extends readonly unknown[]>(work: { [K in keyof T]: Promise<T[K]> | T[K] }): Promise<T> {
  const settled = await Promise.allSettled(work);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

async function startRunKafka(
  { loaded, options, log }: EnvironmentInput,
  { base, variables, cleanups }: Provisioning,
  records: boolean,
): Promise<NonNullable<RunEnvironment['kafka']>> {
  const { config } = loaded;
  const brokers = options.kafkaBrokers ?? (config.kafka?.brokers !== 'provision' ? config.kafka?.brokers : undefined);
  const handle = await startKafka({ env: brokers ? { ...process.env, KAFKA_BROKERS: brokers } : process.env, log });
  cleanups.add({ name: 'kafka', layer: 'infrastructure', run: () => handle.stop() });
  const partitions = config.kafka?.partitions ?? 1;
  const topics = records ? recordedTopics(config) : (config.kafka?.topics ?? []);
  await createTopics(
    handle.brokers,
    topics.map((topic) => ({ topic, numPartitions: partitions })),
  );
  variables['kafka.brokers'] = handle.bootstrap;
  base.facts.kafka = `${handle.strategy}${handle.version ? ` ${handle.version}` : ''} at ${handle.bootstrap}`;
  return { brokers: handle.bootstrap, strategy: handle.strategy, version: handle.version };
}

async function startDatabases(
  databases: readonly string[],
  { base, variables, cleanups }: Provisioning,
): Promise<void> {
  const pg = await startPostgres({ databases: [...databases] });
  cleanups.add({ name: 'databases', layer: 'infrastructure', run: () => pg.stop() });
  for (const [name, url] of Object.entries(pg.urls)) variables[`database.${name}`] = url;
  base.facts.postgres = pg.strategy;
}

async function externalService(
  service: ServiceConfig,
  url: string,
  loaded: LoadedConfig,
  recording: RunRecording | undefined,
  cleanups: Teardown,
): Promise<RunningService> {
  const logs = fileLogs(service, loaded, cleanups);
  return {
    name: service.name,
    url: recording ? await recording.front(service.name, url) : url,
    ...(logs ? { logs } : {}),
    ...(logs && service.logFields ? { logFields: logFieldAliases(service.logFields) } : {}),
  };
}

/**
 * Starts the services, in config order: side by side when none names another's URL (`${services.<name>.url}`),
 * else one after another. Python virtualenvs are prepared first, one at a time (they may share one).
 */
async function startServices(
  input: EnvironmentInput & { phases: PhaseRecorder },
  starting: readonly ServiceConfig[],
  { variables, cleanups }: Provisioning,
  recording: RunRecording | undefined,
): Promise<RunningService[]> {
  const { loaded, log, phases } = input;
  const pythons = new Map<string, Record<string, string> | undefined>();
  for (const service of starting) pythons.set(service.name, await pythonEnv(service, loaded, log));
  // One cleanup stops every started service at once: each may take seconds to leave its consumer groups.
  const processes: ProcessHandle[] = [];
  cleanups.add({
    name: 'services',
    layer: 'client',
    run: async () => void (await Promise.all(processes.map((p) => p.stop({ signal: 'SIGTERM', timeoutMs: 10_000 })))),
  });
  const startOne = (service: ServiceConfig): Promise<RunningService> =>
    phases.time(`provision service ${service.name}`, async () => {
      const logs = fileLogs(service, loaded, cleanups);
      const started = await startService(
        { service, loaded, variables, log, fromFile: logs },
        pythons.get(service.name),
      );
      if (started.process) processes.push(started.process);
      // Every gate reaches the service through the recording proxy, so effect contracts see all its traffic.
      const url = recording ? await recording.front(service.name, started.url) : started.url;
      variables[`services.${service.name}.url`] = url;
      return { ...started, url };
    });
  if (starting.some((s) => mentions(s, 'services.'))) {
    const running: RunningService[] = [];
    for (const service of starting) running.push(await startOne(service));
    return running;
  }
  return settleAll(starting.map(startOne));
}

async function startRunRecording(
  config: LoadedConfig['config'],
  brokers: string,
  facts: Record<string, string>,
  cleanups: Teardown,
): Promise<RunRecording> {
  const topics = recordedTopics(config);
  const recording = await startRecording({ brokers, topics });
  cleanups.add({ name: 'recording', layer: 'client', run: () => recording.stop() });
  facts.recording = `HTTP through recording proxies; Kafka tap on ${topics.length} topic(s)`;
  return recording;
}

async function traceSource(
  config: LoadedConfig['config'],
  options: VerifyOptions,
  variables: Record<string, string>,
  facts: Record<string, string>,
  cleanups: Teardown,
): Promise<RunEnvironment['traces']> {
  const kind = options.traceBackend?.kind ?? config.traces?.backend ?? 'receiver';
  if (kind === 'receiver') {
    const receiver = await startOtlpReceiver({});
    cleanups.add({ name: 'trace receiver', layer: 'infrastructure', run: () => receiver.close() });
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
  input: {
    service: ServiceConfig;
    loaded: LoadedConfig;
    variables: Variables;
    log: (line: string) => void;
    fromFile: LogStore | undefined;
  },
  python: Record<string, string> | undefined,
): Promise<RunningService> {
  const { service, loaded, variables, log, fromFile } = input;
  const start = service.start;
  if (!start) throw new HarnessError('CONFIG_INVALID', `service ${service.name} has neither start nor baseUrl`);
  const where = `services[${service.name}].start.env`;
  const fixed = start.port;
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
function fileLogs(service: ServiceConfig, loaded: LoadedConfig, cleanups: Teardown): LogStore | undefined {
  if (service.logFile === undefined || service.logs === 'none') return undefined;
  const path = resolve(loaded.dir, service.logFile);
  const fields = service.logFields ? { fields: logFieldAliases(service.logFields) } : {};
  const logs = captureLogs(path, { ...fields, fromStart: !existsSync(path) });
  cleanups.add({ name: `log file ${service.name}`, layer: 'client', run: () => logs.stop() });
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
