import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { seconds } from './log.ts';
import { runCommand } from './run-command.ts';

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
}

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

/** What `java -version` answered: a Java, none usable (missing, failing, unreadable), or no answer in time. */
export type JavaProbe =
  | { readonly status: 'found'; readonly java: JavaInfo }
  | { readonly status: 'missing' | 'failed' | 'unparsable'; readonly detail: string }
  | { readonly status: 'timed-out'; readonly detail: string };

/** How long `java -version` may take: a first bound, then the bound of its one retry. */
export const JAVA_PROBE_TIMEOUTS_MS: readonly [number, number] = [15_000, 60_000];

/**
 * Finds Java and its major version. A probe that timed out, failed or printed no version is asked once more with the
 * longer bound (a busy machine is slow, and was seen answering nothing); one that timed out twice says so instead of
 * reading as Java missing.
 */
export async function probeJava(
  env: NodeJS.ProcessEnv = process.env,
  timeoutsMs: readonly [number, number] = JAVA_PROBE_TIMEOUTS_MS,
): Promise<JavaProbe> {
  const command = javaCommand(env);
  let last: JavaProbe | undefined;
  for (const timeoutMs of timeoutsMs) {
    last = await askJava(command, env, timeoutMs);
    if (last.status === 'found' || last.status === 'missing') return last;
  }
  if (last?.status !== 'timed-out') return last as JavaProbe;
  const bounds = timeoutsMs.map(seconds).join(', then ');
  return {
    status: 'timed-out',
    detail: `\`${command} -version\` did not answer within ${bounds} (the machine may be overloaded): retry, or set KAFKA_BROKERS to an existing cluster`,
  };
}

async function askJava(command: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<JavaProbe> {
  const result = await runCommand(command, ['-version'], { timeoutMs, env });
  if (!result) return { status: 'missing', detail: `${command} not found` };
  if (result.timedOut) return { status: 'timed-out', detail: `no answer within ${seconds(timeoutMs)}` };
  const output = `${result.stderr}\n${result.stdout}`;
  const said = firstLine(output);
  if (result.code !== 0)
    return { status: 'failed', detail: `\`${command} -version\` exited with ${result.code ?? 'a signal'}${said}` };
  const parsed = parseJavaMajor(output);
  if (!parsed) return { status: 'unparsable', detail: `\`${command} -version\` printed no version${said}` };
  return { status: 'found', java: { command, ...parsed } };
}

function firstLine(output: string): string {
  const line = output.split('\n').find((l) => l.trim() !== '');
  return line ? `: ${line.trim().slice(0, 200)}` : '';
}

/** The Java of a probe, `undefined` unless one was found. */
export function foundJava(probe: JavaProbe): JavaInfo | undefined {
  return probe.status === 'found' ? probe.java : undefined;
}

/** Finds Maven; resolves its version. */
export async function probeMaven(): Promise<string | undefined> {
  const result = await runCommand('mvn', ['-v', '-B'], { timeoutMs: 30_000 });
  if (result?.code !== 0) return undefined;
  return /Apache Maven (\d+(?:\.\d+)*)/.exec(result.stdout)?.[1] ?? 'unknown';
}

/** Finds python3 and whether it can create virtual environments. */
export async function probePython(command = 'python3'): Promise<PythonInfo | undefined> {
  const script = 'import sys\nprint(sys.version.split()[0])\nimport venv, ensurepip';
  const result = await runCommand(command, ['-c', script], { timeoutMs: 15_000 });
  const version = result?.stdout.trim().split('\n')[0];
  if (!result || !version) return undefined;
  return { command, version, venv: result.code === 0 };
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

/** Looks for a Docker engine that answers `/_ping` (≤ 1 s per endpoint, no output). */
export async function probeDocker(env: NodeJS.ProcessEnv = process.env): Promise<DockerInfo> {
  const endpoints = dockerEndpoints(env);
  for (const endpoint of endpoints) {
    if (await pingDocker(endpoint, env.DOCKER_TLS_VERIFY === '1')) return { reachable: true, detail: endpoint };
  }
  return { reachable: false, detail: `no Docker engine at ${endpoints.join(', ')}` };
}

function pingDocker(endpoint: string, tls: boolean): Promise<boolean> {
  const url = new URL(endpoint.replace(/^npipe:/, 'unix:'));
  if (url.protocol === 'unix:' && !existsSync(url.pathname)) return Promise.resolve(false);
  if (url.protocol === 'tcp:' && tls) return canConnect(url.hostname, Number(url.port || 2376));
  const target =
    url.protocol === 'unix:' ? { socketPath: url.pathname } : { host: url.hostname, port: Number(url.port || 2375) };
  return new Promise((resolve) => {
    const req = request({ ...target, path: '/_ping', timeout: 1_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1_000 }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('timeout', () => socket.destroy());
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(false));
  });
}

const CHROMIUM_COMMANDS = [
  'chromium',
  'chromium-browser',
  'google-chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** Finds a Chromium (or Chrome) the browser tests can drive; resolves its path and version. */
export async function probeChromium(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ path: string; version: string } | undefined> {
  for (const command of CHROMIUM_COMMANDS) {
    const result = await runCommand(command, ['--version'], { timeoutMs: 15_000, env });
    if (result?.code === 0) return { path: command, version: result.stdout.trim() };
  }
  return undefined;
}

/** `go env GOVERSION` (e.g. go1.24.4), or undefined when Go is not installed. */
export async function probeGo(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const result = await runCommand('go', ['env', 'GOVERSION'], { timeoutMs: 15_000, env });
  return result?.code === 0 ? result.stdout.trim() || undefined : undefined;
}
