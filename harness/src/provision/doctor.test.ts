import { describe, expect, it } from 'vitest';
import { type DoctorProbes, doctor } from './doctor.ts';

function machine(overrides: Partial<DoctorProbes> = {}): DoctorProbes {
  return {
    node: () => '24.21.0',
    java: async () => ({ command: 'java', major: 17, version: '17.0.15' }),
    maven: async () => '3.8.7',
    kafkaJarsCached: () => false,
    python: async () => ({ command: 'python3', version: '3.11.2', venv: true }),
    docker: async () => ({ reachable: false, detail: 'no Docker engine at unix:///var/run/docker.sock' }),
    postgresServer: () => true,
    freePort: async () => 41000,
    env: {},
    ...overrides,
  };
}

const failed = (checks: Awaited<ReturnType<typeof doctor>>) =>
  checks.filter((check) => !check.ok).map(({ name, required, fix }) => ({ name, required, fix }));

describe('doctor', () => {
  it('passes on a machine like this one; Docker is optional', async () => {
    const checks = await doctor(machine());
    expect(checks.map((check) => check.name)).toEqual([
      'node',
      'java>=17',
      'mvn',
      'python3 + venv',
      'docker engine',
      'postgresql server',
      'free ports',
    ]);
    expect(failed(checks)).toEqual([
      {
        name: 'docker engine',
        required: false,
        fix: 'optional: start Docker to use containers instead of the local JVM and virtualenv',
      },
    ]);
  });

  it('says what to install on a bare machine', async () => {
    const checks = await doctor(
      machine({ java: async () => undefined, maven: async () => undefined, python: async () => undefined }),
    );
    expect(failed(checks).filter((check) => check.required)).toEqual([
      {
        name: 'java>=17',
        required: true,
        fix: 'Kafka needs Java 17+ to run a local broker: apt-get install openjdk-17-jre-headless — or set KAFKA_BROKERS to an existing cluster',
      },
      {
        name: 'mvn',
        required: true,
        fix: 'Kafka needs Maven to run a local broker: apt-get install maven — or set KAFKA_BROKERS to an existing cluster',
      },
      {
        name: 'python3 + venv',
        required: true,
        fix: 'Schemathesis needs Python 3 with venv: apt-get install python3 python3-venv — or set SCHEMATHESIS_BIN to an installed st',
      },
    ]);
  });

  it('reports old Java with the version found', async () => {
    const checks = await doctor(machine({ java: async () => ({ command: 'java', major: 11, version: '11.0.2' }) }));
    expect(failed(checks)[0]?.fix).toContain('found Java 11');
  });

  it('does not require Java and Maven when KAFKA_BROKERS is set, nor Python with SCHEMATHESIS_BIN', async () => {
    const checks = await doctor(
      machine({
        java: async () => undefined,
        maven: async () => undefined,
        python: async () => undefined,
        env: { KAFKA_BROKERS: 'k:9092', SCHEMATHESIS_BIN: '/usr/local/bin/st' },
      }),
    );
    expect(failed(checks).filter((check) => check.required)).toEqual([]);
  });

  it('needs no Maven once the Kafka jars are cached', async () => {
    const checks = await doctor(machine({ maven: async () => undefined, kafkaJarsCached: () => true }));
    expect(checks.find((check) => check.name === 'mvn')).toMatchObject({ ok: true });
  });

  it('fails when no port can be bound', async () => {
    const checks = await doctor(machine({ freePort: () => Promise.reject(new Error('EACCES')) }));
    expect(checks.at(-1)).toMatchObject({ name: 'free ports', ok: false, required: true, detail: 'EACCES' });
  });

  it("requires Python with venv for a config's Python services, even with SCHEMATHESIS_BIN", async () => {
    const pythonServices = () => [{ service: 'shipping-service', venv: '/cache/venv/requirements-1', ready: false }];
    const env = { SCHEMATHESIS_BIN: '/usr/local/bin/st' };
    const missing = await doctor(machine({ python: async () => undefined, env, pythonServices }));
    expect(failed(missing).filter((check) => check.required)).toEqual([
      {
        name: 'python venv shipping-service',
        required: true,
        fix: 'service shipping-service needs Python 3 with venv: apt-get install python3 python3-venv',
      },
    ]);
    const ready = await doctor(machine({ env, pythonServices }));
    expect(ready.find((check) => check.name === 'python venv shipping-service')).toMatchObject({
      ok: true,
      detail: 'created on first verify at /cache/venv/requirements-1',
    });
  });
});
