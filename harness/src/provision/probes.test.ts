import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createNetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { probeValue } from './probe-command.ts';
import { dockerEndpoints, parseJavaMajor, probeDocker, probeGo, probeJava, probePython } from './probes.ts';

const temp: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temp.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});

describe('parseJavaMajor', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment', 17, '17.0.15'],
    ['java version "1.8.0_292"', 8, '1.8.0_292'],
    ['openjdk version "21" 2023-09-19', 21, '21'],
    ['openjdk version "25-ea" 2025-09-16', 25, '25-ea'],
  ])('%s', (output, major, version) => {
    expect(parseJavaMajor(output)).toEqual({ major, version });
  });

  it('gives up on unrelated output', () => {
    expect(parseJavaMajor('bash: java: command not found')).toBeUndefined();
  });
});

describe('dockerEndpoints', () => {
  const home = tempDir('tracegate-home-');

  it('uses DOCKER_HOST alone when set', () => {
    expect(dockerEndpoints({ DOCKER_HOST: 'tcp://10.0.0.2:2375' }, home)).toEqual(['tcp://10.0.0.2:2375']);
  });

  it('tries the usual sockets', () => {
    expect(dockerEndpoints({ XDG_RUNTIME_DIR: '/run/user/1000' }, home)).toEqual([
      'unix:///var/run/docker.sock',
      `unix://${home}/.docker/run/docker.sock`,
      `unix://${home}/.docker/desktop/docker.sock`,
      'unix:///run/user/1000/docker.sock',
      'unix:///run/user/1000/podman/podman.sock',
    ]);
  });

  it('honours docker.host of ~/.testcontainers.properties', () => {
    const configured = tempDir('tracegate-home-');
    writeFileSync(join(configured, '.testcontainers.properties'), 'docker.host=unix:///custom/docker.sock\n');
    expect(dockerEndpoints({}, configured)).toEqual(['unix:///custom/docker.sock']);
  });
});

describe('probeDocker', () => {
  it('answers quickly and quietly when nothing listens', async () => {
    const startedAt = Date.now();
    const docker = await probeDocker({ DOCKER_HOST: `unix://${join(tmpdir(), 'tracegate-no-docker.sock')}` });
    expect(docker.reachable).toBe(false);
    expect(Date.now() - startedAt).toBeLessThan(1_500);
  });

  it('names an engine that accepts the connection but does not answer /_ping in time', async () => {
    const socket = join(tempDir('tracegate-docker-'), 'docker.sock');
    const held: Socket[] = [];
    const server = createNetServer((connection) => held.push(connection));
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      await expect(probeDocker({ DOCKER_HOST: `unix://${socket}` })).resolves.toEqual({
        reachable: false,
        detail: `unix://${socket} did not answer /_ping within 1.0s (the engine may be starting, or the machine busy)`,
        unanswered: [`unix://${socket}`],
      });
    } finally {
      for (const connection of held) connection.destroy();
      server.close();
    }
  });

  it('finds an engine that answers /_ping', async () => {
    const socket = join(tempDir('tracegate-docker-'), 'docker.sock');
    const server = createServer((_req, res) => res.end('OK'));
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      await expect(probeDocker({ DOCKER_HOST: `unix://${socket}` })).resolves.toEqual({
        reachable: true,
        detail: `unix://${socket}`,
      });
    } finally {
      server.close();
    }
  });
});

describe('probeJava', () => {
  /** A directory holding a fake `java` script (or none), and an env whose PATH has nothing else. */
  function fakeJava(script?: string): { env: NodeJS.ProcessEnv; calls: string } {
    const dir = tempDir('tracegate-java-');
    const calls = join(dir, 'calls');
    if (script)
      writeFileSync(join(dir, 'java'), `#!/bin/sh\nCALLS="${calls}"\necho x >> "$CALLS"\n${script}\n`, { mode: 0o755 });
    return { env: { PATH: dir }, calls };
  }
  const callCount = (calls: string) => (existsSync(calls) ? readFileSync(calls, 'utf8').split('\n').length - 1 : 0);

  it('finds a Java and its major version', async () => {
    const { env } = fakeJava(`echo 'openjdk version "17.0.15" 2025-04-15' >&2`);
    await expect(probeJava(env, [10_000, 10_000])).resolves.toMatchObject({ status: 'found', value: { major: 17 } });
  });

  it('reports an old Java as found, for the prerequisite check to name its version', async () => {
    const { env } = fakeJava(`echo 'java version "1.8.0_292"' >&2`);
    await expect(probeJava(env, [10_000, 10_000])).resolves.toMatchObject({ status: 'found', value: { major: 8 } });
  });

  it.each([
    ['missing', 0, undefined],
    ['failed', 2, 'echo "Error: could not create the Java Virtual Machine" >&2; exit 1'],
    ['failed', 2, 'echo hello'],
  ])('reads %s as no Java, asked %i times', async (status, calls, script) => {
    const fake = fakeJava(script);
    const probe = await probeJava(fake.env, [10_000, 10_000]);
    expect(probe.status).toBe(status);
    expect(probeValue(probe)).toBeUndefined();
    expect(callCount(fake.calls)).toBe(calls);
  });

  it('accepts the answer of the retry when the first java answered nothing', async () => {
    const { env, calls } = fakeJava(
      `[ "$(/usr/bin/wc -l < "$CALLS")" -gt 1 ] || exit 0\necho 'openjdk version "17.0.15" 2025-04-15' >&2`,
    );
    await expect(probeJava(env, [10_000, 10_000])).resolves.toMatchObject({ status: 'found', value: { major: 17 } });
    expect(callCount(calls)).toBe(2);
  });

  it('says what a failing java printed', async () => {
    const { env } = fakeJava('echo "Error: Could not create the Java Virtual Machine." >&2; exit 1');
    expect(await probeJava(env, [10_000, 10_000])).toEqual({
      status: 'failed',
      command: 'java',
      detail: '`java -version` exited with 1: Error: Could not create the Java Virtual Machine.',
    });
  });

  it('says that a java which printed no version printed none, with its first line', async () => {
    const { env } = fakeJava('echo "Picked up JAVA_TOOL_OPTIONS: -Xmx1g"');
    expect(await probeJava(env, [10_000, 10_000])).toMatchObject({
      status: 'failed',
      detail: '`java -version` printed no version: Picked up JAVA_TOOL_OPTIONS: -Xmx1g',
    });
  });

  it('retries a probe that timed out, then says it timed out rather than that Java is missing', async () => {
    const { env, calls } = fakeJava('exec /bin/sleep 30');
    const probe = await probeJava(env, [1_500, 3_000]);
    expect(probe).toEqual({
      status: 'timed-out',
      command: 'java',
      detail: '`java -version` did not answer within 1.5s, then 3.0s',
    });
    expect(callCount(calls)).toBe(2);
  });

  it('accepts the answer of the retry when only the first probe was slow', async () => {
    const { env, calls } = fakeJava(
      `[ "$(/usr/bin/wc -l < "$CALLS")" -gt 1 ] || exec /bin/sleep 30\necho 'openjdk version "21" 2023-09-19' >&2`,
    );
    await expect(probeJava(env, [1_500, 10_000])).resolves.toMatchObject({ status: 'found', value: { major: 21 } });
    expect(callCount(calls)).toBe(2);
  });
});

describe('probePython and probeGo', () => {
  /** An env whose PATH holds only `name`, a shell script running `body`. */
  function onlyOnPath(name: string, body: string): NodeJS.ProcessEnv {
    const dir = tempDir('tracegate-tool-');
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    return { PATH: dir };
  }

  it('finds a Python without venv as found, one printing nothing as failed', async () => {
    const noVenv = onlyOnPath(
      'python3',
      'echo 3.11.2; echo "ModuleNotFoundError: No module named ensurepip" >&2; exit 1',
    );
    await expect(probePython('python3', { env: noVenv, timeoutsMs: [10_000, 10_000] })).resolves.toEqual({
      status: 'found',
      value: { command: 'python3', version: '3.11.2', venv: false },
    });
    const broken = onlyOnPath('python3', 'echo "error while loading shared libraries: libpython3.11.so" >&2; exit 127');
    await expect(probePython('python3', { env: broken, timeoutsMs: [10_000, 10_000] })).resolves.toMatchObject({
      status: 'failed',
      detail: expect.stringMatching(/exited with 127: error while loading shared libraries/),
    });
  });

  it('tells a missing go from one that times out', async () => {
    await expect(probeGo({ PATH: tempDir('tracegate-empty-') })).resolves.toMatchObject({ status: 'missing' });
    const slow = onlyOnPath('go', 'exec /bin/sleep 30');
    await expect(probeGo(slow, [300, 600])).resolves.toEqual({
      status: 'timed-out',
      command: 'go',
      detail: '`go env GOVERSION` did not answer within 0.3s, then 0.6s',
    });
  });
});
