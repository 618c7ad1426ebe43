import { PrerequisiteError } from '../errors.ts';
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
  java: JavaInfo | undefined;
  /** Why no Java was found when one answered but not usably (a failing or unreadable `java -version`). */
  javaProblem?: string;
  maven: boolean;
  /** Jars already resolved: Maven is not needed then. */
  classpathCached: boolean;
  platform?: NodeJS.Platform;
}

/** The error to throw when the jvm Kafka strategy cannot run here, else `undefined`. */
export function kafkaJvmPrerequisites(found: KafkaJvmFindings): PrerequisiteError | undefined {
  const needs: string[] = [];
  const install: (keyof typeof PACKAGES)[] = [];
  const missing: string[] = [];
  if (!found.java || found.java.major < MIN_JAVA) {
    const why = found.java ? ` (found Java ${found.java.major})` : found.javaProblem ? ` (${found.javaProblem})` : '';
    needs.push(`Java ${MIN_JAVA}+${why}`);
    install.push('java');
    missing.push(`java>=${MIN_JAVA}`);
  }
  if (!found.maven && !found.classpathCached) {
    needs.push('Maven');
    install.push('maven');
    missing.push('mvn');
  }
  if (needs.length === 0) return undefined;
  const hint = installHint(install, found.platform ?? process.platform);
  return new PrerequisiteError(
    `Kafka needs ${needs.join(' and ')} to run a local broker: ${hint} — or set KAFKA_BROKERS to an existing cluster`,
    missing,
  );
}

/** The error to throw when no Schemathesis virtualenv can be created here, else `undefined`. */
export function schemathesisPrerequisites(
  python: PythonInfo | undefined,
  platform: NodeJS.Platform = process.platform,
): PrerequisiteError | undefined {
  return virtualenvPrerequisites(
    python,
    { purpose: 'Schemathesis', alternative: 'or set SCHEMATHESIS_BIN to an installed st' },
    platform,
  );
}

/** The error to throw when `purpose` needs a virtualenv and this machine cannot create one, else `undefined`. */
export function virtualenvPrerequisites(
  python: PythonInfo | undefined,
  need: { readonly purpose: string; readonly alternative?: string },
  platform: NodeJS.Platform = process.platform,
): PrerequisiteError | undefined {
  const alternative = need.alternative ? ` — ${need.alternative}` : '';
  if (!python) {
    return new PrerequisiteError(
      `${need.purpose} needs Python 3 with venv: ${installHint(['python'], platform)}${alternative}`,
      ['python3'],
    );
  }
  if (!python.venv) {
    return new PrerequisiteError(
      `${need.purpose} needs Python's venv module (found Python ${python.version} without it): ${installHint(['venv'], platform)}${alternative}`,
      ['python3-venv'],
    );
  }
  return undefined;
}

/** The error to throw when no PostgreSQL server binaries are installed. */
export function postgresServerPrerequisite(platform: NodeJS.Platform = process.platform): PrerequisiteError {
  return new PrerequisiteError(
    `A local PostgreSQL server needs its binaries (initdb, postgres): ${installHint(['postgres'], platform)} — or set TRACEGATE_TEST_DATABASE_URL to an existing server`,
    ['postgresql'],
  );
}
