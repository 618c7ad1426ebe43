import { cachedKafkaClasspath, DEFAULT_KAFKA_VERSION } from './kafka/classpath.ts';
import { freePort } from './ports.ts';
import { findPostgresBinaries } from './postgres/binaries.ts';
import {
  kafkaJvmPrerequisites,
  MIN_JAVA,
  schemathesisPrerequisites,
  virtualenvPrerequisites,
} from './prerequisites.ts';
import {
  type DockerInfo,
  type JavaInfo,
  type PythonInfo,
  probeDocker,
  probeJava,
  probeMaven,
  probePython,
} from './probes.ts';
import type { DoctorCheck } from './types.ts';

/** What `doctor` looks at; injectable so its verdicts are testable without uninstalling anything. */
export interface DoctorProbes {
  node(): string;
  java(): Promise<JavaInfo | undefined>;
  maven(): Promise<string | undefined>;
  kafkaJarsCached(): boolean;
  python(): Promise<PythonInfo | undefined>;
  docker(): Promise<DockerInfo>;
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

/** Probes of this machine. */
export function machineProbes(env: NodeJS.ProcessEnv = process.env): DoctorProbes {
  return {
    node: () => process.versions.node,
    java: () => probeJava(env),
    maven: probeMaven,
    kafkaJarsCached: () =>
      cachedKafkaClasspath(env.TRACEGATE_KAFKA_VERSION ?? DEFAULT_KAFKA_VERSION, env) !== undefined,
    python: () => probePython(env.TRACEGATE_PYTHON ?? 'python3'),
    docker: () => probeDocker(env),
    postgresServer: () => findPostgresBinaries(env) !== undefined,
    freePort,
    env,
  };
}

/** Checks what the harness needs on this machine (`tracegate doctor`); each failed check says how to fix it. */
export async function doctor(probes: DoctorProbes = machineProbes()): Promise<DoctorCheck[]> {
  const [java, maven, python, docker] = await Promise.all([
    probes.java(),
    probes.maven(),
    probes.python(),
    probes.docker(),
  ]);
  const kafkaExternal = Boolean(probes.env.KAFKA_BROKERS);
  const schemathesisBin = Boolean(probes.env.SCHEMATHESIS_BIN);
  const cached = probes.kafkaJarsCached();
  const [major = 0] = probes.node().split('.').map(Number);
  const javaFix = kafkaJvmPrerequisites({ java, maven: true, classpathCached: true })?.message;
  const someJava = { command: 'java', major: MIN_JAVA, version: `${MIN_JAVA}` };
  const mavenFix = kafkaJvmPrerequisites({
    java: someJava,
    maven: maven !== undefined,
    classpathCached: cached,
  })?.message;
  const checks: DoctorCheck[] = [
    check(
      'node',
      major >= 22,
      true,
      `Node ${probes.node()}`,
      'run through tools/node24.mjs (installs the pinned Node 24)',
    ),
    check(
      `java>=${MIN_JAVA}`,
      (java?.major ?? 0) >= MIN_JAVA,
      !kafkaExternal,
      java ? `Java ${java.version} (${java.command})` : 'no java found',
      javaFix,
    ),
    check(
      'mvn',
      maven !== undefined || cached,
      !kafkaExternal,
      maven
        ? `Maven ${maven}${cached ? ', Kafka jars cached' : ''}`
        : cached
          ? 'not found; Kafka jars already cached'
          : 'not found',
      mavenFix,
    ),
    check(
      'python3 + venv',
      schemathesisPrerequisites(python) === undefined,
      !schemathesisBin,
      python ? `Python ${python.version}${python.venv ? ' with venv' : ' without venv'}` : 'no python3 found',
      schemathesisPrerequisites(python)?.message,
    ),
    check(
      'docker engine',
      docker.reachable,
      false,
      docker.detail,
      'optional: start Docker to use containers instead of the local JVM and virtualenv',
    ),
    check(
      'postgresql server',
      probes.postgresServer(),
      false,
      probes.postgresServer() ? 'initdb and postgres found' : 'not found',
      'optional (PGlite is the default): apt-get install postgresql',
    ),
  ];
  for (const service of probes.pythonServices?.() ?? []) {
    const missing = virtualenvPrerequisites(python, { purpose: `service ${service.service}` });
    const detail = service.ready ? `virtualenv ready at ${service.venv}` : `created on first verify at ${service.venv}`;
    checks.push(check(`python venv ${service.service}`, service.ready || !missing, true, detail, missing?.message));
  }
  const port = await probes.freePort().then(
    (value) => ({ ok: true, detail: `bound 127.0.0.1:${value}` }),
    (error: Error) => ({ ok: false, detail: error.message }),
  );
  checks.push(check('free ports', port.ok, true, port.detail, 'allow binding ephemeral ports on 127.0.0.1'));
  return checks;
}

function check(name: string, ok: boolean, required: boolean, detail: string, fix: string | undefined): DoctorCheck {
  return ok || fix === undefined ? { name, ok, required, detail } : { name, ok, required, detail, fix };
}
