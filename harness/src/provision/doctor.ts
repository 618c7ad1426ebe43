import { type Installable, installLines } from './install-hints.ts';
import { cachedKafkaClasspath, DEFAULT_KAFKA_VERSION } from './kafka/classpath.ts';
import { freePort } from './ports.ts';
import { findPostgresBinaries } from './postgres/binaries.ts';
import { MIN_JAVA, virtualenvPrerequisites } from './prerequisites.ts';
import { type Probe, probeTimeouts, probeTrouble, probeValue } from './probe-command.ts';
import {
  type DockerInfo,
  type JavaInfo,
  type PythonInfo,
  probeChromium,
  probeDocker,
  probeGo,
  probeJava,
  probeMaven,
  probePython,
} from './probes.ts';
import type { DoctorCheck } from './types.ts';

/** Oldest Go that builds Jaeger v2. */
export const MIN_GO = [1, 24] as const;

/**
 * What `doctor` looks at; injectable so its verdicts are testable without uninstalling anything. A tool's probe tells
 * found, missing, failed and timed out apart: only a missing one is to be installed.
 */
export interface DoctorProbes {
  node(): string;
  java(): Promise<Probe<JavaInfo>>;
  maven(): Promise<Probe<string>>;
  kafkaJarsCached(): boolean;
  python(): Promise<Probe<PythonInfo>>;
  docker(): Promise<DockerInfo>;
  /** Path and version of a Chromium the browser tests can drive. */
  chromium(): Promise<Probe<{ path: string; version: string }>>;
  /** `go env GOVERSION`, e.g. go1.24.4. */
  go(): Promise<Probe<string>>;
  postgresServer(): boolean;
  freePort(): Promise<number>;
  env: NodeJS.ProcessEnv;
  /** Python services of the config at hand (`services[].python`), whose virtualenvs verify creates. */
  pythonServices?(): readonly PythonServiceProbe[];
}

/** A Python service's virtualenv: where it goes and whether it is installed already. */
export interface PythonServiceProbe {
  readonly service: string;
  readonly venv: string;
  readonly ready: boolean;
}

/** Probes of this machine; `timeoutsMs` bounds each version probe and its one retry. */
export function machineProbes(
  env: NodeJS.ProcessEnv = process.env,
  timeoutsMs: readonly [number, number] = probeTimeouts(env),
): DoctorProbes {
  return {
    node: () => process.versions.node,
    java: () => probeJava(env, timeoutsMs),
    maven: () => probeMaven(env, timeoutsMs),
    kafkaJarsCached: () =>
      cachedKafkaClasspath(env.TRACEGATE_KAFKA_VERSION ?? DEFAULT_KAFKA_VERSION, env) !== undefined,
    python: () => probePython(env.TRACEGATE_PYTHON ?? 'python3', { env, timeoutsMs }),
    docker: () => probeDocker(env),
    chromium: () => probeChromium(env, timeoutsMs),
    go: () => probeGo(env, timeoutsMs),
    postgresServer: () => findPostgresBinaries(env) !== undefined,
    freePort,
    env,
  };
}

type Found = { [K in keyof DoctorProbes]: DoctorProbes[K] extends () => Promise<infer R> ? R : never };

/**
 * Checks what the harness needs on this machine (`tracegate doctor`). A need with alternatives (Kafka: a JVM
 * broker, Docker or KAFKA_BROKERS) passes when one of them is there; each failed check says how to fix it.
 */
export async function doctor(probes: DoctorProbes = machineProbes()): Promise<DoctorCheck[]> {
  const [java, maven, python, docker, chromium, go] = await Promise.all([
    probes.java(),
    probes.maven(),
    probes.python(),
    probes.docker(),
    probes.chromium(),
    probes.go(),
  ]);
  const found = { java, maven, python, docker, chromium, go } as Pick<
    Found,
    'java' | 'maven' | 'python' | 'docker' | 'chromium' | 'go'
  >;
  const port = await probes.freePort().then(
    (value) => ({ ok: true, detail: `bound 127.0.0.1:${value}` }),
    (error: Error) => ({ ok: false, detail: error.message }),
  );
  return [
    nodeCheck(probes.node()),
    kafkaCheck(found, probes),
    schemathesisCheck(found, probes.env),
    chromiumCheck(found.chromium),
    jaegerCheck(found.go, probes.env),
    postgresCheck(probes.postgresServer()),
    ...(probes.pythonServices?.() ?? []).map((service) => pythonServiceCheck(service, found.python)),
    {
      name: 'free ports',
      ok: port.ok,
      required: true,
      detail: port.detail,
      ...(port.ok ? {} : { fix: 'allow binding ephemeral ports on 127.0.0.1' }),
    },
  ];
}

function check(
  fields: { name: string; ok: boolean; required: boolean; detail: string },
  fix: readonly string[],
): DoctorCheck {
  return fields.ok ? fields : { ...fields, fix: fix.join('\n') };
}

function nodeCheck(version: string): DoctorCheck {
  const [major = 0] = version.split('.').map(Number);
  return check({ name: 'node', ok: major >= 22, required: true, detail: `Node ${version}` }, [
    'Node 22.12+ is needed: run through tools/node24.mjs (installs the pinned Node 24), or install Node 24 LTS',
  ]);
}

/** A probe in a few words: what was found, or `no java`, `java failed`, `java timed out`. */
function probeText<T>(probe: Probe<T>, name: string, show: (value: T) => string): string {
  if (probe.status === 'found') return show(probe.value);
  if (probe.status === 'missing') return `no ${name}`;
  return `${name} ${probe.status === 'failed' ? 'failed' : 'timed out'}`;
}

/** The Docker alternative, naming an endpoint that was there but did not answer. */
function dockerText(docker: DockerInfo): string {
  return docker.unanswered
    ? `a Docker engine (${docker.unanswered.join(', ')} did not answer in time)`
    : 'a Docker engine';
}

/** How to fix unmet tools: install those missing (or too old), and for a failing or silent one what its probe said. */
function remedies(unmet: readonly (readonly [Probe<unknown>, Installable])[]): string[] {
  const troubles = unmet.flatMap(([probe]) => probeTrouble(probe) ?? []);
  const install = unmet.filter(([probe]) => probeTrouble(probe) === undefined).map(([, key]) => key);
  return [...(install.length > 0 ? installLines(install) : []), ...troubles];
}

function kafkaCheck(found: Pick<Found, 'java' | 'maven' | 'docker'>, probes: DoctorProbes): DoctorCheck {
  const cached = probes.kafkaJarsCached();
  const java = probeValue(found.java);
  const javaOk = (java?.major ?? 0) >= MIN_JAVA;
  const mavenOk = found.maven.status === 'found' || cached;
  const javaText = probeText(found.java, 'java', (value) => `Java ${value.version}`);
  const mavenText =
    found.maven.status !== 'found' && cached ? 'Kafka jars cached' : probeText(found.maven, 'mvn', (v) => `Maven ${v}`);
  const alternatives: [boolean, string][] = [
    [Boolean(probes.env.KAFKA_BROKERS), `KAFKA_BROKERS=${probes.env.KAFKA_BROKERS ?? ''}`],
    [javaOk && mavenOk, `local JVM broker (${javaText}, ${mavenText})`],
    [found.docker.reachable, 'Docker engine'],
  ];
  const used = alternatives.find(([ok]) => ok);
  const unmet = [
    ...(javaOk ? [] : [[found.java, 'java'] as const]),
    ...(mavenOk ? [] : [[found.maven, 'maven'] as const]),
  ];
  return check(
    {
      name: 'kafka',
      ok: used !== undefined,
      required: true,
      detail: used
        ? `via ${used[1]}`
        : `none of: Java ${MIN_JAVA}+ with Maven (${javaText}, ${mavenText}), ${dockerText(found.docker)}, KAFKA_BROKERS`,
    },
    [...remedies(unmet), 'or start a Docker engine, or set KAFKA_BROKERS=host:port of an existing cluster'],
  );
}

function schemathesisCheck(found: Pick<Found, 'python' | 'docker'>, env: NodeJS.ProcessEnv): DoctorCheck {
  const python = probeValue(found.python);
  const alternatives: [boolean, string][] = [
    [Boolean(env.SCHEMATHESIS_BIN), `SCHEMATHESIS_BIN=${env.SCHEMATHESIS_BIN ?? ''}`],
    [python?.venv === true, `a virtualenv of Python ${python?.version ?? ''}`],
    [found.docker.reachable, 'Docker engine'],
  ];
  const used = alternatives.find(([ok]) => ok);
  const pythonText = probeText(found.python, 'python3', (value) => `Python ${value.version} without venv`);
  return check(
    {
      name: 'schemathesis',
      ok: used !== undefined,
      required: true,
      detail: used
        ? `via ${used[1]}`
        : `none of: Python 3 with venv (${pythonText}), ${dockerText(found.docker)}, SCHEMATHESIS_BIN`,
    },
    [
      ...remedies([[found.python, python ? 'venv' : 'python']]),
      'or start a Docker engine, or set SCHEMATHESIS_BIN to an installed st',
    ],
  );
}

function chromiumCheck(chromium: Found['chromium']): DoctorCheck {
  const text = probeText(chromium, 'chromium', (value) => `${value.version} (${value.path})`);
  return check(
    {
      name: 'chromium',
      ok: chromium.status === 'found',
      required: false,
      detail:
        chromium.status === 'found'
          ? text
          : `${chromium.status === 'missing' ? 'not found' : text} (only the HTML report browser test needs it)`,
    },
    remedies([[chromium, 'chromium']]),
  );
}

function jaegerCheck(probe: Found['go'], env: NodeJS.ProcessEnv): DoctorCheck {
  const go = probeValue(probe);
  const [major = 0, minor = 0] = (go ?? '').replace(/^go/, '').split('.').map(Number);
  const goOk = major > MIN_GO[0] || (major === MIN_GO[0] && minor >= MIN_GO[1]);
  const via = env.TRACEGATE_JAEGER_BIN
    ? `TRACEGATE_JAEGER_BIN=${env.TRACEGATE_JAEGER_BIN}`
    : goOk
      ? `${go} (builds Jaeger v2 once)`
      : undefined;
  const trouble = probeTrouble(probe);
  return check(
    {
      name: 'jaeger (go)',
      ok: via !== undefined,
      required: false,
      detail:
        via ??
        `${probeText(probe, 'go', (value) => value)}: Go ${MIN_GO.join('.')}+ or TRACEGATE_JAEGER_BIN is needed by the Jaeger trace-backend tests`,
    },
    trouble
      ? [trouble, 'or set TRACEGATE_JAEGER_BIN to a jaeger v2 binary']
      : [
          ...installLines(['go']),
          'Debian 12 ships Go 1.19: take Go from https://go.dev/dl there — or set TRACEGATE_JAEGER_BIN to a jaeger v2 binary',
        ],
  );
}

function pythonServiceCheck(service: PythonServiceProbe, python: Found['python']): DoctorCheck {
  const missing = virtualenvPrerequisites(python, { purpose: `service ${service.service}` });
  const detail = service.ready ? `virtualenv ready at ${service.venv}` : `created on first verify at ${service.venv}`;
  const install: Installable[] = python.status === 'found' ? ['venv'] : python.status === 'missing' ? ['python'] : [];
  return check({ name: `python venv ${service.service}`, ok: service.ready || !missing, required: true, detail }, [
    ...(install.length > 0 ? installLines(install) : []),
    ...(missing ? [missing.message] : []),
  ]);
}

function postgresCheck(found: boolean): DoctorCheck {
  return check(
    {
      name: 'postgresql server',
      ok: found,
      required: false,
      detail: found ? 'initdb and postgres found' : 'not found (PGlite is the default; DATABASE_URL uses a server)',
    },
    installLines(['postgres']),
  );
}
