// Starts the reference service as a child process for a benchmark and drains its stdout like a log shipper would.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const serviceDir = fileURLToPath(new URL('..', import.meta.url));
const listening = /"port":(\d+)[^\n]*"msg":"listening"/;

/** A service child process: its URL, the stdout bytes it wrote, and a stop that waits for the exit. */
export interface BenchService {
  readonly url: string;
  readonly pid: number;
  stdoutBytes(): number;
  /** CPU time (user + system) the process has used so far, in ms, from /proc; NaN where /proc is absent. */
  cpuMs(): number;
  stop(): Promise<number | null>;
}

/** Options of {@link startBenchService}. */
export interface BenchServiceOptions {
  /** Node arguments before `src/main.ts` (e.g. the telemetry preload, `--cpu-prof`). */
  readonly nodeArgs: readonly string[];
  readonly env: Record<string, string>;
  readonly timeoutMs?: number;
}

function waitForPort(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(
      () => reject(new Error(`service did not log "listening" within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      const match = listening.exec(buffered);
      if (!match) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      resolve(Number(match[1]));
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`service exited (${code}) before listening: ${buffered.slice(-2_000)}`));
    });
  });
}

async function waitReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await fetch(`${url}/health/ready`).catch(() => undefined))?.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url}/health/ready did not answer 200 within ${timeoutMs} ms`);
}

function cpuMsOf(pid: number | undefined): number {
  try {
    // Fields 14 and 15 of /proc/<pid>/stat (after the parenthesised command): utime and stime in clock ticks.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1_000) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Starts `node <nodeArgs> src/main.ts` in reference-service/ on port 0 and waits for /health/ready. */
export async function startBenchService(options: BenchServiceOptions): Promise<BenchService> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const child = spawn(process.execPath, [...options.nodeArgs, 'src/main.ts'], {
    cwd: serviceDir,
    env: { ...process.env, PORT: '0', ...options.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let bytes = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const url = `http://127.0.0.1:${await waitForPort(child, timeoutMs)}`;
    await waitReady(url, timeoutMs);
    return {
      url,
      pid: child.pid ?? -1,
      stdoutBytes: () => bytes,
      cpuMs: () => cpuMsOf(child.pid),
      async stop() {
        if (child.exitCode === null) child.kill('SIGTERM');
        return exited;
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}
