import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dockerEndpoints, parseJavaMajor, probeDocker } from './probes.ts';

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
