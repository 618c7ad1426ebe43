import { PassThrough, type Readable } from 'node:stream';
import { HarnessError } from '../errors.ts';
import { createLineLog, type LineLog } from './line-log.ts';
import { freePort } from './ports.ts';
import { describePortSource, portFromLine, readinessUrl } from './process/port.ts';
import { type Supervised, spawnSupervised } from './supervise.ts';
import type { PortSource, ProcessHandle, StartedProcess, StartProcessOptions } from './types.ts';

export { DEFAULT_PORT_PATTERN, portFromLine, readinessUrl } from './process/port.ts';

import { pollUrl } from './process/ready.ts';

/**
 * Starts a long-running process in its own process group, learns its port, waits until it answers 2xx.
 * @example
 * const service = await startProcess({ name: 'order-service', command: ['node', 'src/main.ts'], cwd,
 *   portFrom: { logPattern: '"port":(\\d+)' }, readyPath: '/health/ready' });
 * await service.stop();
 */
export async function startProcess(options: StartProcessOptions & { portFrom: PortSource }): Promise<StartedProcess>;
export async function startProcess(options: StartProcessOptions): Promise<ProcessHandle>;
export async function startProcess(options: StartProcessOptions): Promise<ProcessHandle> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  const { env, chosenPort } = await processEnv(options);
  const [program, ...args] = typeof options.command === 'string' ? ['sh', '-c', options.command] : options.command;
  if (!program) throw new HarnessError('USAGE', `${options.name}: empty command`);
  const child = await spawnSupervised(program, args, { label: options.name, cwd: options.cwd, env });
  const output = createLineLog();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  // Copies that ignore backpressure: an unread copy must never stall the child's output.
  copy(child.child.stdout, stdout);
  copy(child.child.stderr, stderr);
  const watcher = watchPort(options.portFrom, chosenPort);
  if (child.child.stdout) output.follow(child.child.stdout, watcher.onLine);
  if (child.child.stderr) output.follow(child.child.stderr, watcher.onLine);
  const port = await untilReady({ options, child, output, port: watcher.port, deadline, timeoutMs });
  return {
    name: options.name,
    pid: child.pid,
    port,
    url: port === undefined ? undefined : `http://127.0.0.1:${port}`,
    stdout,
    stderr,
    lines: output.lines,
    exited: child.exited,
    stop: (stopOptions) => child.stop(stopOptions),
  };
}

/** The child's environment, with the free port tracegate chose when the port is passed in an env variable. */
async function processEnv(options: StartProcessOptions): Promise<{ env: NodeJS.ProcessEnv; chosenPort?: number }> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (!options.portFrom || !('env' in options.portFrom)) return { env };
  const chosenPort = await freePort();
  env[options.portFrom.env] = `${chosenPort}`;
  return { env, chosenPort };
}

/** Waits for the port and the readiness URL; stops the child and throws, with its last output, when either fails. */
async function untilReady(input: {
  options: StartProcessOptions;
  child: Supervised;
  output: LineLog;
  port: Promise<number | undefined>;
  deadline: number;
  timeoutMs: number;
}): Promise<number | undefined> {
  const { options, child, output, deadline, timeoutMs } = input;
  const port = await raceDeadline(input.port, child, deadline);
  if (port === 'exited') return fail(options.name, child, output, 'exited before it was ready');
  if (port === 'timeout') {
    const what = `printed no ${describePortSource(options.portFrom)} within ${timeoutMs} ms`;
    return fail(options.name, child, output, what);
  }
  const url = readinessUrl(options, port);
  if (!url) return port;
  const ready = await pollUrl(url, deadline, () => child.hasExited());
  if (child.hasExited()) return fail(options.name, child, output, 'exited before it was ready');
  if (ready !== true)
    return fail(options.name, child, output, `did not answer 2xx at ${url} within ${timeoutMs} ms (last: ${ready})`);
  return port;
}

async function fail(name: string, child: Supervised, output: LineLog, what: string): Promise<never> {
  const exited = child.hasExited();
  const exit = await child.stop({ timeoutMs: 5_000 });
  const how = exited ? ` (exit ${exit.code ?? exit.signal})` : '';
  throw new HarnessError('SERVICE_START_FAILED', `${name} ${what}${how}; its last output:\n${output.tail(30)}`);
}

async function raceDeadline(
  port: Promise<number | undefined>,
  child: Supervised,
  deadline: number,
): Promise<number | undefined | 'exited' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const result = await Promise.race([
    port,
    child.exited.then(() => 'exited' as const),
    new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()));
    }),
  ]);
  clearTimeout(timer);
  return result;
}

function copy(source: Readable | null, target: PassThrough): void {
  source?.on('data', (chunk: Buffer | string) => target.write(chunk));
  source?.on('end', () => target.end());
}

function watchPort(portFrom: PortSource | undefined, chosenPort: number | undefined) {
  if (!portFrom) return { port: Promise.resolve(undefined), onLine: undefined };
  if ('env' in portFrom) return { port: Promise.resolve(chosenPort), onLine: undefined };
  if ('port' in portFrom) return { port: Promise.resolve(portFrom.port), onLine: undefined };
  let found: ((port: number) => void) | undefined;
  const port = new Promise<number>((resolve) => {
    found = resolve;
  });
  const onLine = (line: string) => {
    const value = portFromLine(line, portFrom.logPattern);
    if (value !== undefined) found?.(value);
  };
  return { port, onLine };
}
