import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type DoctorProbes, doctor, machineProbes } from './doctor.ts';
import type { Probe } from './probe-command.ts';

const noDocker = { reachable: false, detail: 'no Docker engine at unix:///var/run/docker.sock' };

/** Probe outcomes, as the probes of this machine report them. */
const ASKED: Record<string, string> = {
  java: 'java -version',
  python3: "python3 -c 'import venv, ensurepip'",
  chromium: 'chromium --version',
  go: 'go env GOVERSION',
};
const found =
  <T>(value: T) =>
  async (): Promise<Probe<T>> => ({ status: 'found', value });
const notInstalled = (command: string) => async (): Promise<Probe<never>> => ({
  status: 'missing',
  command,
  detail: `${command} not found`,
});
const failed = (command: string, said: string) => async (): Promise<Probe<never>> => ({
  status: 'failed',
  command,
  detail: `\`${ASKED[command]}\` exited with 1: ${said}`,
});
const timedOut = (command: string) => async (): Promise<Probe<never>> => ({
  status: 'timed-out',
  command,
  detail: `\`${ASKED[command]}\` did not answer within 15.0s, then 60.0s`,
});

function machine(overrides: Partial<DoctorProbes> = {}): DoctorProbes {
  return {
    node: () => '24.21.0',
    java: found({ command: 'java', major: 17, version: '17.0.15' }),
    maven: found('3.8.7'),
    kafkaJarsCached: () => false,
    python: found({ command: 'python3', version: '3.11.2', venv: true }),
    docker: async () => noDocker,
    chromium: found({ path: 'chromium', version: 'Chromium 142.0.7444.175' }),
    go: found('go1.24.4'),
    postgresServer: () => true,
    freePort: async () => 41000,
    env: {},
    ...overrides,
  };
}

/** A machine with none of the tools. */
const bare: Partial<DoctorProbes> = {
  java: notInstalled('java'),
  maven: notInstalled('mvn'),
  python: notInstalled('python3'),
  chromium: notInstalled('chromium'),
  go: notInstalled('go'),
  postgresServer: () => false,
};

const verdicts = async (probes: DoctorProbes) =>
  Object.fromEntries(
    (await doctor(probes)).map((c) => [c.name, `${c.ok ? 'ok' : c.required ? 'FAIL' : 'warn'} ${c.detail}`]),
  );

describe('doctor', () => {
  it('checks every prerequisite the README lists; all pass on a machine like this one', async () => {
    expect(await verdicts(machine())).toEqual({
      node: 'ok Node 24.21.0',
      kafka: 'ok via local JVM broker (Java 17.0.15, Maven 3.8.7)',
      schemathesis: 'ok via a virtualenv of Python 3.11.2',
      chromium: 'ok Chromium 142.0.7444.175 (chromium)',
      'jaeger (go)': 'ok go1.24.4 (builds Jaeger v2 once)',
      'postgresql server': 'ok initdb and postgres found',
      'free ports': 'ok bound 127.0.0.1:41000',
    });
  });

  it.each([
    [
      'a Docker engine',
      { docker: async () => ({ reachable: true, detail: 'Docker 27' }) },
      'via Docker engine',
      'via Docker engine',
    ],
    [
      'KAFKA_BROKERS and SCHEMATHESIS_BIN',
      { env: { KAFKA_BROKERS: 'k:9092', SCHEMATHESIS_BIN: '/opt/st' } },
      'via KAFKA_BROKERS=k:9092',
      'via SCHEMATHESIS_BIN=/opt/st',
    ],
  ])('treats %s as an alternative to Java, Maven and Python', async (_, overrides, kafka, schemathesis) => {
    const checks = await doctor(machine({ ...bare, ...overrides }));
    expect(checks.filter((c) => c.required && !c.ok)).toEqual([]);
    expect(checks.find((c) => c.name === 'kafka')?.detail).toBe(kafka);
    expect(checks.find((c) => c.name === 'schemathesis')?.detail).toBe(schemathesis);
  });

  it('runs a JVM broker from cached jars without Maven', async () => {
    const result = await verdicts(machine({ maven: notInstalled('mvn'), kafkaJarsCached: () => true }));
    expect(result.kafka).toBe('ok via local JVM broker (Java 17.0.15, Kafka jars cached)');
  });

  it('accepts TRACEGATE_JAEGER_BIN instead of Go, and rejects a Go older than 1.24', async () => {
    expect((await verdicts(machine({ go: found('go1.19.8') })))['jaeger (go)']).toMatch(/^warn go1\.19\.8: Go 1\.24\+/);
    const custom = await verdicts(machine({ go: notInstalled('go'), env: { TRACEGATE_JAEGER_BIN: '/opt/jaeger' } }));
    expect(custom['jaeger (go)']).toBe('ok TRACEGATE_JAEGER_BIN=/opt/jaeger');
  });

  it('says what to install on Debian/Ubuntu, Fedora and macOS when no alternative is there', async () => {
    const checks = await doctor(machine(bare));
    const failed = checks
      .filter((c) => !c.ok)
      .map((c) => `${c.required ? 'FAIL' : 'warn'} ${c.name}: ${c.detail}\n${c.fix}`);
    expect(failed.join('\n\n')).toMatchInlineSnapshot(`
      "FAIL kafka: none of: Java 17+ with Maven (no java, no mvn), a Docker engine, KAFKA_BROKERS
      Debian/Ubuntu: sudo apt-get install openjdk-17-jre-headless maven
      Fedora: sudo dnf install java-17-openjdk-headless maven
      macOS: brew install openjdk@17 maven
      or start a Docker engine, or set KAFKA_BROKERS=host:port of an existing cluster

      FAIL schemathesis: none of: Python 3 with venv (no python3), a Docker engine, SCHEMATHESIS_BIN
      Debian/Ubuntu: sudo apt-get install python3 python3-venv
      Fedora: sudo dnf install python3
      macOS: brew install python@3.12
      or start a Docker engine, or set SCHEMATHESIS_BIN to an installed st

      warn chromium: not found (only the HTML report browser test needs it)
      Debian/Ubuntu: sudo apt-get install chromium
      Fedora: sudo dnf install chromium
      macOS: brew install --cask chromium

      warn jaeger (go): no go: Go 1.24+ or TRACEGATE_JAEGER_BIN is needed by the Jaeger trace-backend tests
      Debian/Ubuntu: sudo apt-get install golang-go
      Fedora: sudo dnf install golang
      macOS: brew install go
      Debian 12 ships Go 1.19: take Go from https://go.dev/dl there — or set TRACEGATE_JAEGER_BIN to a jaeger v2 binary

      warn postgresql server: not found (PGlite is the default; DATABASE_URL uses a server)
      Debian/Ubuntu: sudo apt-get install postgresql
      Fedora: sudo dnf install postgresql-server
      macOS: brew install postgresql@16"
    `);
  });

  it("requires Python with venv for a config's Python services, even with SCHEMATHESIS_BIN", async () => {
    const pythonServices = () => [{ service: 'shipping-service', venv: '/cache/venv/requirements-1', ready: false }];
    const env = { SCHEMATHESIS_BIN: '/usr/local/bin/st' };
    const missing = await doctor(machine({ python: notInstalled('python3'), env, pythonServices }));
    const venv = missing.find((check) => check.name === 'python venv shipping-service');
    expect(venv).toMatchObject({
      ok: false,
      required: true,
      detail: 'created on first verify at /cache/venv/requirements-1',
    });
    expect(venv?.fix).toContain('service shipping-service needs Python 3 with venv');
    expect(missing.find((check) => check.name === 'schemathesis')).toMatchObject({ ok: true });
    const ready = await doctor(machine({ env, pythonServices }));
    expect(ready.find((check) => check.name === 'python venv shipping-service')).toMatchObject({
      ok: true,
      detail: 'created on first verify at /cache/venv/requirements-1',
    });
  });

  /** Failed checks as the CLI prints them: verdict, name, detail, then the fix. */
  const failures = async (probes: DoctorProbes) =>
    (await doctor(probes))
      .filter((c) => !c.ok)
      .map((c) => `${c.required ? 'FAIL' : 'warn'} ${c.name}: ${c.detail}\n${c.fix}`)
      .join('\n\n');

  it('says that an installed java did not answer in time, and advises no install for it', async () => {
    expect(await failures(machine({ java: timedOut('java') }))).toMatchInlineSnapshot(`
      "FAIL kafka: none of: Java 17+ with Maven (java timed out, Maven 3.8.7), a Docker engine, KAFKA_BROKERS
      \`java -version\` did not answer within 15.0s, then 60.0s (the machine may be busy): run again when it is less loaded, or allow more time with TRACEGATE_PROBE_TIMEOUT_MS
      or start a Docker engine, or set KAFKA_BROKERS=host:port of an existing cluster"
    `);
  });

  it('shows what a failing java printed, and installs only the Maven that is missing', async () => {
    const probes = machine({
      java: failed('java', 'Error: Could not create the Java Virtual Machine.'),
      maven: notInstalled('mvn'),
    });
    expect(await failures(probes)).toMatchInlineSnapshot(`
      "FAIL kafka: none of: Java 17+ with Maven (java failed, no mvn), a Docker engine, KAFKA_BROKERS
      Debian/Ubuntu: sudo apt-get install maven
      Fedora: sudo dnf install maven
      macOS: brew install maven
      \`java -version\` exited with 1: Error: Could not create the Java Virtual Machine.; repair or replace the java on PATH
      or start a Docker engine, or set KAFKA_BROKERS=host:port of an existing cluster"
    `);
  });

  it('tells a timed-out python3, chromium and go from missing ones', async () => {
    const probes = machine({
      python: timedOut('python3'),
      chromium: timedOut('chromium'),
      go: failed('go', 'go: cannot find GOROOT directory'),
    });
    expect(await failures(probes)).toMatchInlineSnapshot(`
      "FAIL schemathesis: none of: Python 3 with venv (python3 timed out), a Docker engine, SCHEMATHESIS_BIN
      \`python3 -c 'import venv, ensurepip'\` did not answer within 15.0s, then 60.0s (the machine may be busy): run again when it is less loaded, or allow more time with TRACEGATE_PROBE_TIMEOUT_MS
      or start a Docker engine, or set SCHEMATHESIS_BIN to an installed st

      warn chromium: chromium timed out (only the HTML report browser test needs it)
      \`chromium --version\` did not answer within 15.0s, then 60.0s (the machine may be busy): run again when it is less loaded, or allow more time with TRACEGATE_PROBE_TIMEOUT_MS

      warn jaeger (go): go failed: Go 1.24+ or TRACEGATE_JAEGER_BIN is needed by the Jaeger trace-backend tests
      \`go env GOVERSION\` exited with 1: go: cannot find GOROOT directory; repair or replace the go on PATH
      or set TRACEGATE_JAEGER_BIN to a jaeger v2 binary"
    `);
  });

  it('names a Docker endpoint that did not answer in time rather than reporting no engine', async () => {
    const docker = async () => ({
      reachable: false,
      detail:
        'unix:///var/run/docker.sock did not answer /_ping within 1.0s (the engine may be starting, or the machine busy)',
      unanswered: ['unix:///var/run/docker.sock'],
    });
    const result = await verdicts(machine({ ...bare, docker }));
    expect(result.kafka).toBe(
      'FAIL none of: Java 17+ with Maven (no java, no mvn), a Docker engine (unix:///var/run/docker.sock did not answer in time), KAFKA_BROKERS',
    );
  });

  it("names a python3 that timed out for a config's Python services, without install advice", async () => {
    const pythonServices = () => [{ service: 'shipping-service', venv: '/cache/venv/requirements-1', ready: false }];
    const checks = await doctor(machine({ python: timedOut('python3'), pythonServices }));
    const venv = checks.find((check) => check.name === 'python venv shipping-service');
    expect(venv).toMatchObject({ ok: false, required: true });
    expect(venv?.fix).toMatchInlineSnapshot(
      `"service shipping-service needs Python 3 with venv: \`python3 -c 'import venv, ensurepip'\` did not answer within 15.0s, then 60.0s (the machine may be busy): run again when it is less loaded, or allow more time with TRACEGATE_PROBE_TIMEOUT_MS"`,
    );
  });

  describe('with the probes of this machine', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracegate-doctor-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('reports a java that sleeps past the probe timeout as timed out, not as missing', async () => {
      writeFileSync(join(dir, 'java'), '#!/bin/sh\nexec /bin/sleep 30\n', { mode: 0o755 });
      const env = {
        PATH: dir,
        HOME: dir,
        TRACEGATE_CACHE: join(dir, 'cache'),
        DOCKER_HOST: `unix://${join(dir, 'no.sock')}`,
      };
      const checks = await doctor(machineProbes(env, [300, 600]));
      const kafka = checks.find((check) => check.name === 'kafka');
      expect(kafka?.detail).toBe(
        'none of: Java 17+ with Maven (java timed out, no mvn), a Docker engine, KAFKA_BROKERS',
      );
      expect(kafka?.fix).toContain('`java -version` did not answer within 0.3s, then 0.6s (the machine may be busy)');
      expect(kafka?.fix).not.toContain('openjdk');
      expect(kafka?.fix).toContain('sudo apt-get install maven');
    });
  });
});
