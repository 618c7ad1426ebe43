import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { seconds } from './log.ts';
import { type Probe, probeCommand, probeTimeouts } from './probe-command.ts';

/** A Java runtime found on this machine. */
export interface JavaInfo {
  command: string;
  major: number;
  version: string;
}

/** A Python 3 interpreter found on this machine. */
export interface PythonInfo {
  command: string;
  version: string;
  /** Whether `python3 -m venv` can create an environment (venv and ensurepip importable). */
  venv: boolean;
}

/** Result of looking for a Docker-compatible engine. */
export interface DockerInfo {
  reachable: boolean;
  /** The endpoint that answered, or the ones tried. */
  detail: string;
  /** Endpoints that accepted a connection but did not answer `/_ping` in time: an engine may be there, busy. */
  unanswered?: readonly string[];
}

/** How long a Docker endpoint may take to answer `/_ping`. */
const DOCKER_PING_MS = 1_000;

/** The `java` to use: `$JAVA_HOME/bin/java`, else `java` from PATH. */
export function javaCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', 'java') : 'java';
}

/** Parses the major version out of `java -version` output (`"17.0.15"` → 17, `"1.8.0_292"` → 8). */
export function parseJavaMajor(output: string): { major: number; version: string } | undefined {
  const match = /version "([^"]+)"/.exec(output) ?? /^\S+ (\d[^\s]*)/m.exec(output);
  const version = match?.[1];
  if (!version) return undefined;
  const [first, second] = version.split(/[.+_-]/).map(Number);
  const major = first === 1 ? second : first;
  return major === undefined || Number.isNaN(major) ? undefined : { major, version };
}

/** Finds Java and its major version (`$JAVA_HOME/bin/java`, else `java` from PATH); an old Java is found too. */
export function probeJava(
  env: NodeJS.ProcessEnv = process.env,
  timeoutsMs: readonly [number, number] = probeTimeouts(env),
): Promise<Probe<JavaInfo>> {
  const command = javaCommand(env);
  return probeCommand({
    command,
    args: ['-version'],
    env,
    timeoutsMs,
    parse: (result) => {
      const parsed = result.code === 0 ? parseJavaMajor(`${result.stderr}\n${result.stdout}`) : undefined;
      return parsed && { command, ...parsed };
    },
  });
}

/** Finds Maven; resolves its version. */
export function probeMaven(
  env: NodeJS.ProcessEnv = process.env,
  timeoutsMs: readonly [number, number] = probeTimeouts(env),
): Promise<Probe<string>> {
  return probeCommand({
    command: 'mvn',
    args: ['-v', '-B'],
    env,
    timeoutsMs,
    parse: (result) =>
      result.code === 0 ? (/Apache Maven (\d+(?:\.\d+)*)/.exec(result.stdout)?.[1] ?? 'unknown') : undefined,
  });
}

/** Finds python3 and whether it can create virtual environments (it prints its version before importing venv). */
export function probePython(
  command = 'python3',
  options: { env?: NodeJS.ProcessEnv; timeoutsMs?: readonly [number, number] } = {},
): Promise<Probe<PythonInfo>> {
  const script = 'import sys\nprint(sys.version.split()[0])\nimport venv, ensurepip';
  return probeCommand({
    command,
    args: ['-c', script],
    shown: `${command} -c 'import venv, ensurepip'`,
    ...options,
    parse: (result) => {
      const version = result.stdout.trim().split('\n')[0];
      return version ? { command, version, venv: result.code === 0 } : undefined;
    },
  });
}

/** Docker endpoints testcontainers would try: DOCKER_HOST, ~/.testcontainers.properties, the usual sockets. */
export function dockerEndpoints(env: NodeJS.ProcessEnv = process.env, home = homedir()): string[] {
  if (env.DOCKER_HOST) return [env.DOCKER_HOST];
  const properties = join(home, '.testcontainers.properties');
  const configured = existsSync(properties) && /^docker\.host\s*=\s*(\S+)/m.exec(readFileSync(properties, 'utf8'))?.[1];
  if (configured) return [configured];
  const runtime = env.XDG_RUNTIME_DIR;
  const sockets = [
    '/var/run/docker.sock',
    join(home, '.docker', 'run', 'docker.sock'),
    join(home, '.docker', 'desktop', 'docker.sock'),
    ...(runtime ? [join(runtime, 'docker.sock'), join(runtime, 'podman', 'podman.sock')] : []),
  ];
  return sockets.map((socket) => `unix://${socket}`);
}

/** Looks for a Docker engine that answers `/_ping` (≤ 1 s per endpoint, no output); names one that did not answer. */
export async function probeDocker(env: NodeJS.ProcessEnv = process.env): Promise<DockerInfo> {
  const endpoints = dockerEndpoints(env);
  const unanswered: string[] = [];
  for (const endpoint of endpoints) {
    const answer = await pingDocker(endpoint, env.DOCKER_TLS_VERIFY === '1');
    if (answer === 'ok') return { reachable: true, detail: endpoint };
    if (answer === 'timed-out') unanswered.push(endpoint);
  }
  if (unanswered.length === 0) return { reachable: false, detail: `no Docker engine at ${endpoints.join(', ')}` };
  return {
    reachable: false,
    detail: `${unanswered.join(', ')} did not answer /_ping within ${seconds(DOCKER_PING_MS)} (the engine may be starting, or the machine busy)`,
    unanswered,
  };
}

type PingAnswer = 'ok' | 'absent' | 'timed-out';

function pingDocker(endpoint: string, tls: boolean): Promise<PingAnswer> {
  const url = new URL(endpoint.replace(/^npipe:/, 'unix:'));
  if (url.protocol === 'unix:' && !existsSync(url.pathname)) return Promise.resolve('absent');
  if (url.protocol === 'tcp:' && tls) return canConnect(url.hostname, Number(url.port || 2376));
  const target =
    url.protocol === 'unix:' ? { socketPath: url.pathname } : { host: url.hostname, port: Number(url.port || 2375) };
  return new Promise((resolve) => {
    const req = request({ ...target, path: '/_ping', timeout: DOCKER_PING_MS }, (res) => {
      res.resume();
      resolve(res.statusCode === 200 ? 'ok' : 'absent');
    });
    req.on('timeout', () => {
      resolve('timed-out');
      req.destroy();
    });
    req.on('error', () => resolve('absent'));
    req.end();
  });
}

function canConnect(host: string, port: number): Promise<PingAnswer> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: DOCKER_PING_MS }, () => {
      socket.destroy();
      resolve('ok');
    });
    socket.on('timeout', () => {
      resolve('timed-out');
      socket.destroy();
    });
    socket.on('error', () => resolve('absent'));
    socket.on('close', () => resolve('absent'));
  });
}

const CHROMIUM_COMMANDS = [
  'chromium',
  'chromium-browser',
  'google-chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** Finds a Chromium (or Chrome) the browser tests can drive; a candidate that is there but fails is reported. */
export async function probeChromium(
  env: NodeJS.ProcessEnv = process.env,
  timeoutsMs: readonly [number, number] = probeTimeouts(env),
): Promise<Probe<{ path: string; version: string }>> {
  let first: Probe<{ path: string; version: string }> | undefined;
  for (const command of CHROMIUM_COMMANDS) {
    const probe = await probeCommand({
      command,
      args: ['--version'],
      env,
      timeoutsMs,
      parse: (result) => (result.code === 0 ? { path: command, version: result.stdout.trim() } : undefined),
    });
    if (probe.status === 'found') return probe;
    if (probe.status !== 'missing') first ??= probe;
  }
  return first ?? { status: 'missing', command: 'chromium', detail: `none of ${CHROMIUM_COMMANDS.join(', ')} found` };
}

/** `go env GOVERSION` (e.g. go1.24.4). */
export function probeGo(
  env: NodeJS.ProcessEnv = process.env,
  timeoutsMs: readonly [number, number] = probeTimeouts(env),
): Promise<Probe<string>> {
  return probeCommand({
    command: 'go',
    args: ['env', 'GOVERSION'],
    env,
    timeoutsMs,
    parse: (result) => (result.code === 0 ? result.stdout.trim() || undefined : undefined),
  });
}
