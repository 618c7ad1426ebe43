import { type HarnessError, PrerequisiteError, ProbeError } from '../errors.ts';
import { type Probe, type ProbeFailure, probeTrouble, probeValue } from './probe-command.ts';
import type { JavaInfo, PythonInfo } from './probes.ts';

/** Minimum Java major version of a Kafka 4 broker. */
export const MIN_JAVA = 17;

/** Package names to install per platform, keyed by what is missing. */
const PACKAGES: Record<'java' | 'maven' | 'venv' | 'python' | 'postgres', { apt: string; brew: string }> = {
  java: { apt: 'openjdk-17-jre-headless', brew: 'openjdk@17' },
  maven: { apt: 'maven', brew: 'maven' },
  python: { apt: 'python3 python3-venv', brew: 'python@3.12' },
  venv: { apt: 'python3-venv', brew: 'python@3.12' },
  postgres: { apt: 'postgresql', brew: 'postgresql@16' },
};

function installHint(what: (keyof typeof PACKAGES)[], platform: NodeJS.Platform): string {
  const manager = platform === 'darwin' ? 'brew' : 'apt';
  const names = what.map((key) => PACKAGES[key][manager]).join(' ');
  return manager === 'brew' ? `brew install ${names}` : `apt-get install ${names}`;
}

/** What was found on the machine for the local (jvm) Kafka broker. */
export interface KafkaJvmFindings {
  java: Probe<JavaInfo>;
  /** Maven's probe; not needed (nor asked) when the jars are cached. */
  maven?: Probe<string>;
  /** Jars already resolved: Maven is not needed then. */
  classpathCached: boolean;
  platform?: NodeJS.Platform;
}

/** What a purpose lacks: things to install, and installed tools that failed or did not answer. */
interface Shortfall {
  readonly needs: string[];
  readonly install: (keyof typeof PACKAGES)[];
  readonly missing: string[];
  readonly problems: ProbeFailure[];
}

/** The error to throw when the jvm Kafka strategy cannot run here, else `undefined`. */
export function kafkaJvmPrerequisites(found: KafkaJvmFindings): HarnessError | undefined {
  const short: Shortfall = { needs: [], install: [], missing: [], problems: [] };
  const java = probeValue(found.java);
  if (!java || java.major < MIN_JAVA) {
    short.needs.push(`Java ${MIN_JAVA}+${java ? ` (found Java ${java.major})` : ''}`);
    addShortfall(short, found.java, ['java', `java>=${MIN_JAVA}`]);
  }
  if (!found.classpathCached && found.maven?.status !== 'found') {
    short.needs.push('Maven');
    addShortfall(short, found.maven ?? { status: 'missing', command: 'mvn', detail: 'mvn not found' }, [
      'maven',
      'mvn',
    ]);
  }
  if (short.needs.length === 0) return undefined;
  return shortfallError(
    short,
    { purpose: 'Kafka', goal: ' to run a local broker', alternative: 'or set KAFKA_BROKERS to an existing cluster' },
    found.platform ?? process.platform,
  );
}

/** An old (found) tool or a missing one is installed; one that is there but failing is named with its problem. */
function addShortfall(short: Shortfall, probe: Probe<unknown>, [key, name]: [keyof typeof PACKAGES, string]): void {
  if (probe.status === 'failed' || probe.status === 'timed-out') {
    short.problems.push(probe);
    return;
  }
  short.install.push(key);
  short.missing.push(name);
}

/** One error for a shortfall: a PrerequisiteError when something is to be installed, else the probe's ProbeError. */
function shortfallError(
  short: Shortfall,
  need: { readonly purpose: string; readonly goal?: string; readonly alternative?: string },
  platform: NodeJS.Platform,
): HarnessError {
  const actions = [
    ...(short.install.length > 0 ? [installHint(short.install, platform)] : []),
    ...short.problems.map(probeTrouble),
  ];
  const alternative = need.alternative ? ` — ${need.alternative}` : '';
  const message = `${need.purpose} needs ${short.needs.join(' and ')}${need.goal ?? ''}: ${actions.join('; ')}${alternative}`;
  const [problem] = short.problems;
  if (short.install.length > 0 || !problem) return new PrerequisiteError(message, short.missing);
  return new ProbeError(message, problem);
}

/** The error to throw when no Schemathesis virtualenv can be created here, else `undefined`. */
export function schemathesisPrerequisites(
  python: Probe<PythonInfo>,
  platform: NodeJS.Platform = process.platform,
): HarnessError | undefined {
  return virtualenvPrerequisites(
    python,
    { purpose: 'Schemathesis', alternative: 'or set SCHEMATHESIS_BIN to an installed st' },
    platform,
  );
}

/** The error to throw when `purpose` needs a virtualenv and this machine cannot create one, else `undefined`. */
export function virtualenvPrerequisites(
  python: Probe<PythonInfo>,
  need: { readonly purpose: string; readonly alternative?: string },
  platform: NodeJS.Platform = process.platform,
): HarnessError | undefined {
  const found = probeValue(python);
  if (found?.venv) return undefined;
  if (found) {
    const alternative = need.alternative ? ` — ${need.alternative}` : '';
    return new PrerequisiteError(
      `${need.purpose} needs Python's venv module (found Python ${found.version} without it): ${installHint(['venv'], platform)}${alternative}`,
      ['python3-venv'],
    );
  }
  const short: Shortfall = { needs: ['Python 3 with venv'], install: [], missing: [], problems: [] };
  addShortfall(short, python, ['python', 'python3']);
  return shortfallError(short, need, platform);
}

/** The error to throw when no PostgreSQL server binaries are installed. */
export function postgresServerPrerequisite(platform: NodeJS.Platform = process.platform): PrerequisiteError {
  return new PrerequisiteError(
    `A local PostgreSQL server needs its binaries (initdb, postgres): ${installHint(['postgres'], platform)} — or set TRACEGATE_TEST_DATABASE_URL to an existing server`,
    ['postgresql'],
  );
}
