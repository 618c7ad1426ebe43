import { describe, expect, it } from 'vitest';
import { kafkaJvmPrerequisites, postgresServerPrerequisite, schemathesisPrerequisites } from './prerequisites.ts';

const java17 = { command: 'java', major: 17, version: '17.0.15' };
const java11 = { command: 'java', major: 11, version: '11.0.2' };

describe('kafkaJvmPrerequisites', () => {
  it('passes with Java 17 and Maven', () => {
    expect(kafkaJvmPrerequisites({ java: java17, maven: true, classpathCached: false })).toBeUndefined();
  });

  it('does not need Maven once the jars are cached', () => {
    expect(kafkaJvmPrerequisites({ java: java17, maven: false, classpathCached: true })).toBeUndefined();
  });

  it.each([
    [
      'no java, no mvn',
      { java: undefined, maven: false, classpathCached: false, platform: 'linux' as const },
      ['java>=17', 'mvn'],
      'Kafka needs Java 17+ and Maven to run a local broker: apt-get install openjdk-17-jre-headless maven — or set KAFKA_BROKERS to an existing cluster',
    ],
    [
      'old java',
      { java: java11, maven: true, classpathCached: false, platform: 'linux' as const },
      ['java>=17'],
      'Kafka needs Java 17+ (found Java 11) to run a local broker: apt-get install openjdk-17-jre-headless — or set KAFKA_BROKERS to an existing cluster',
    ],
    [
      'no mvn',
      { java: java17, maven: false, classpathCached: false, platform: 'linux' as const },
      ['mvn'],
      'Kafka needs Maven to run a local broker: apt-get install maven — or set KAFKA_BROKERS to an existing cluster',
    ],
    [
      'a java whose -version fails',
      {
        java: undefined,
        javaProblem: '`java -version` exited with 1: Error: Could not create the Java Virtual Machine.',
        maven: true,
        classpathCached: false,
        platform: 'linux' as const,
      },
      ['java>=17'],
      'Kafka needs Java 17+ (`java -version` exited with 1: Error: Could not create the Java Virtual Machine.) to run a local broker: apt-get install openjdk-17-jre-headless — or set KAFKA_BROKERS to an existing cluster',
    ],
    [
      'no java on macOS',
      { java: undefined, maven: true, classpathCached: false, platform: 'darwin' as const },
      ['java>=17'],
      'Kafka needs Java 17+ to run a local broker: brew install openjdk@17 — or set KAFKA_BROKERS to an existing cluster',
    ],
  ])('%s: one line saying what to install', (_name, found, missing, message) => {
    const error = kafkaJvmPrerequisites(found);
    expect(error).toMatchObject({ name: 'PrerequisiteError', code: 'MISSING_PREREQUISITE', missing, message });
  });

  it('pins the message of a bare machine', () => {
    const error = kafkaJvmPrerequisites({ java: undefined, maven: false, classpathCached: false, platform: 'linux' });
    expect(error?.message).toMatchInlineSnapshot(
      `"Kafka needs Java 17+ and Maven to run a local broker: apt-get install openjdk-17-jre-headless maven — or set KAFKA_BROKERS to an existing cluster"`,
    );
  });
});

describe('schemathesisPrerequisites', () => {
  it('passes with venv', () => {
    expect(schemathesisPrerequisites({ command: 'python3', version: '3.11.2', venv: true })).toBeUndefined();
  });

  it('names python3-venv when venv is missing', () => {
    const error = schemathesisPrerequisites({ command: 'python3', version: '3.11.2', venv: false }, 'linux');
    expect(error?.message).toMatchInlineSnapshot(
      `"Schemathesis needs Python's venv module (found Python 3.11.2 without it): apt-get install python3-venv — or set SCHEMATHESIS_BIN to an installed st"`,
    );
  });

  it('names python3 when there is none', () => {
    expect(schemathesisPrerequisites(undefined, 'linux')?.message).toMatchInlineSnapshot(
      `"Schemathesis needs Python 3 with venv: apt-get install python3 python3-venv — or set SCHEMATHESIS_BIN to an installed st"`,
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
