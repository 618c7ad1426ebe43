import { describe, expect, it } from 'vitest';
import { kafkaJvmPrerequisites, postgresServerPrerequisite, schemathesisPrerequisites } from './prerequisites.ts';

const java17 = { status: 'found', value: { command: 'java', major: 17, version: '17.0.15' } } as const;
const java11 = { status: 'found', value: { command: 'java', major: 11, version: '11.0.2' } } as const;
const noJava = { status: 'missing', command: 'java', detail: 'java not found' } as const;
const maven = { status: 'found', value: '3.8.7' } as const;
const noMaven = { status: 'missing', command: 'mvn', detail: 'mvn not found' } as const;
const slowJava = {
  status: 'timed-out',
  command: 'java',
  detail: '`java -version` did not answer within 15.0s, then 60.0s',
} as const;
const failingJava = {
  status: 'failed',
  command: '/opt/jdk/bin/java',
  detail: '`/opt/jdk/bin/java -version` exited with 1: Error: Could not create the Java Virtual Machine.',
} as const;
const python = (version: string, venv: boolean) =>
  ({ status: 'found', value: { command: 'python3', version, venv } }) as const;

describe('kafkaJvmPrerequisites', () => {
  it('passes with Java 17 and Maven', () => {
    expect(kafkaJvmPrerequisites({ java: java17, maven, classpathCached: false })).toBeUndefined();
  });

  it('does not need Maven once the jars are cached', () => {
    expect(kafkaJvmPrerequisites({ java: java17, classpathCached: true })).toBeUndefined();
  });

  it.each([
    [
      'no java, no mvn',
      { java: noJava, maven: noMaven, classpathCached: false, platform: 'linux' as const },
      ['java>=17', 'mvn'],
      'Kafka needs Java 17+ and Maven to run a local broker: apt-get install openjdk-17-jre-headless maven — or set KAFKA_BROKERS to an existing cluster',
    ],
    [
      'old java',
      { java: java11, maven, classpathCached: false, platform: 'linux' as const },
      ['java>=17'],
      'Kafka needs Java 17+ (found Java 11) to run a local broker: apt-get install openjdk-17-jre-headless — or set KAFKA_BROKERS to an existing cluster',
    ],
    [
      'no mvn',
      { java: java17, maven: noMaven, classpathCached: false, platform: 'linux' as const },
      ['mvn'],
      'Kafka needs Maven to run a local broker: apt-get install maven — or set KAFKA_BROKERS to an existing cluster',
    ],
    [
      'a timed-out java and no mvn: only Maven to install',
      { java: slowJava, maven: noMaven, classpathCached: false, platform: 'linux' as const },
      ['mvn'],
      'Kafka needs Java 17+ and Maven to run a local broker: apt-get install maven; `java -version` did not answer within 15.0s, then 60.0s (the machine may be busy): run again when it is less loaded, or allow more time with TRACEGATE_PROBE_TIMEOUT_MS — or set KAFKA_BROKERS to an existing cluster',
    ],
    [
      'no java on macOS',
      { java: noJava, maven, classpathCached: false, platform: 'darwin' as const },
      ['java>=17'],
      'Kafka needs Java 17+ to run a local broker: brew install openjdk@17 — or set KAFKA_BROKERS to an existing cluster',
    ],
  ])('%s: one line saying what to install', (_name, found, missing, message) => {
    const error = kafkaJvmPrerequisites(found);
    expect(error).toMatchObject({ name: 'PrerequisiteError', code: 'MISSING_PREREQUISITE', missing, message });
  });

  it.each([
    [
      'timed out',
      slowJava,
      'PREREQUISITE_TIMED_OUT',
      'Kafka needs Java 17+ to run a local broker: `java -version` did not answer within 15.0s, then 60.0s (the machine may be busy): run again when it is less loaded, or allow more time with TRACEGATE_PROBE_TIMEOUT_MS — or set KAFKA_BROKERS to an existing cluster',
    ],
    [
      'failed',
      failingJava,
      'PREREQUISITE_FAILED',
      'Kafka needs Java 17+ to run a local broker: `/opt/jdk/bin/java -version` exited with 1: Error: Could not create the Java Virtual Machine.; repair or replace /opt/jdk/bin/java — or set KAFKA_BROKERS to an existing cluster',
    ],
  ])('a java probe that %s is named with what it said, with no install advice', (_name, java, code, message) => {
    const error = kafkaJvmPrerequisites({ java, maven, classpathCached: false, platform: 'linux' });
    expect(error).toMatchObject({ name: 'ProbeError', code, command: java.command, message });
    expect(error?.message).not.toContain('install');
  });

  it('pins the message of a bare machine', () => {
    const error = kafkaJvmPrerequisites({ java: noJava, maven: noMaven, classpathCached: false, platform: 'linux' });
    expect(error?.message).toMatchInlineSnapshot(
      `"Kafka needs Java 17+ and Maven to run a local broker: apt-get install openjdk-17-jre-headless maven — or set KAFKA_BROKERS to an existing cluster"`,
    );
  });
});

describe('schemathesisPrerequisites', () => {
  it('passes with venv', () => {
    expect(schemathesisPrerequisites(python('3.11.2', true))).toBeUndefined();
  });

  it('names python3-venv when venv is missing', () => {
    const error = schemathesisPrerequisites(python('3.11.2', false), 'linux');
    expect(error?.message).toMatchInlineSnapshot(
      `"Schemathesis needs Python's venv module (found Python 3.11.2 without it): apt-get install python3-venv — or set SCHEMATHESIS_BIN to an installed st"`,
    );
  });

  it('names python3 when there is none', () => {
    const none = { status: 'missing', command: 'python3', detail: 'python3 not found' } as const;
    expect(schemathesisPrerequisites(none, 'linux')?.message).toMatchInlineSnapshot(
      `"Schemathesis needs Python 3 with venv: apt-get install python3 python3-venv — or set SCHEMATHESIS_BIN to an installed st"`,
    );
  });

  it('names a python3 that does not answer, without install advice', () => {
    const slow = {
      status: 'timed-out',
      command: 'python3',
      detail: "`python3 -c 'import venv, ensurepip'` did not answer within 15.0s, then 60.0s",
    } as const;
    const error = schemathesisPrerequisites(slow, 'linux');
    expect(error).toMatchObject({ name: 'ProbeError', code: 'PREREQUISITE_TIMED_OUT', command: 'python3' });
    expect(error?.message).toMatchInlineSnapshot(
      `"Schemathesis needs Python 3 with venv: \`python3 -c 'import venv, ensurepip'\` did not answer within 15.0s, then 60.0s (the machine may be busy): run again when it is less loaded, or allow more time with TRACEGATE_PROBE_TIMEOUT_MS — or set SCHEMATHESIS_BIN to an installed st"`,
    );
  });
});

describe('postgresServerPrerequisite', () => {
  it('names the postgresql package', () => {
    expect(postgresServerPrerequisite('linux').message).toMatchInlineSnapshot(
      `"A local PostgreSQL server needs its binaries (initdb, postgres): apt-get install postgresql — or set TRACEGATE_TEST_DATABASE_URL to an existing server"`,
    );
  });
});
