import { type ChildProcess, type StdioOptions, spawn } from 'node:child_process';
import { HarnessError } from '../errors.ts';
import { groupAlive, signalGroup, track } from './cleanup.ts';
import { sleep } from './sleep.ts';
import type { ProcessExit } from './types.ts';

// Last line of defence: ends the child's group (and removes its temp dir) when the parent dies without cleaning up.
const WATCHDOG = `p=$1 c=$2 g=$3 d=$4
while kill -0 "$p" 2>/dev/null && kill -0 "$c" 2>/dev/null; do sleep 1; done
kill -0 "$p" 2>/dev/null && exit 0
kill -TERM -"$c" 2>/dev/null
i=0
while [ "$i" -lt "$g" ] && kill -0 "$c" 2>/dev/null; do sleep 1; i=$((i+1)); done
kill -KILL -"$c" 2>/dev/null
if [ -n "$d" ]; then rm -rf -- "$d"; fi
exit 0`;

/** Options of `spawnSupervised`. */
export interface SuperviseOptions {
  label: string;
  cwd?: string | undefined;
  env?: NodeJS.ProcessEnv;
  stdio?: StdioOptions;
  uid?: number;
  gid?: number;
  /** Removed by the watchdog if this process dies without stopping the child. */
  orphanDir?: string;
  /** Seconds the watchdog waits between SIGTERM and SIGKILL (default 10). */
  graceSeconds?: number;
}

/** A child process leading its own process group, tracked for cleanup and watched by a watchdog. */
export interface Supervised {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<ProcessExit>;
  /** Whether the process has exited. */
  hasExited(): boolean;
  /** Signals the group, escalates to SIGKILL after `timeoutMs`, waits for the exit. Idempotent. */
  stop(options?: { signal?: NodeJS.Signals; timeoutMs?: number }): Promise<ProcessExit>;
}

/** Spawns `command` detached in its own process group, registered for cleanup and watched by a watchdog. */
export async function spawnSupervised(command: string, args: string[], options: SuperviseOptions): Promise<Supervised> {
  const child = await spawnLeader(command, args, options);
  const pid = child.pid as number;
  const endWatchdog = startWatchdog(pid, options);
  const untrack = track({ label: options.label, pgid: pid, afterSync: endWatchdog });
  let exit: ProcessExit | undefined;
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      signalGroup(pid, 'SIGKILL'); // stragglers left in the group
      untrack();
      endWatchdog();
      resolve(exit);
    });
  });
  const stop = async ({
    signal = 'SIGTERM',
    timeoutMs = 10_000,
  }: {
    signal?: NodeJS.Signals;
    timeoutMs?: number;
  } = {}) => {
    if (!exit) {
      signalGroup(pid, signal);
      const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    }
    // The leader is gone; the SIGKILL sent to the rest of its group takes effect asynchronously.
    for (let waited = 0; waited < 2_000 && groupAlive(pid); waited += 20) await sleep(20);
    return exited;
  };
  return { child, pid, exited, hasExited: () => exit !== undefined, stop };
}

/** Spawns the child as the leader of a new process group; a spawn failure is a typed error naming the command. */
async function spawnLeader(command: string, args: string[], options: SuperviseOptions): Promise<ChildProcess> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: options.stdio ?? 'pipe',
    detached: true,
    ...(options.uid === undefined ? {} : { uid: options.uid }),
    ...(options.gid === undefined ? {} : { gid: options.gid }),
  });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (cause) =>
      reject(
        new HarnessError('SERVICE_START_FAILED', `${options.label}: could not start ${command}: ${cause.message}`, {
          cause,
        }),
      ),
    );
  });
  return child;
}

/** Starts the watchdog of the group led by `pid`; returns the function that ends it. */
function startWatchdog(pid: number, options: SuperviseOptions): () => void {
  const grace = `${options.graceSeconds ?? 10}`;
  const watchdog = spawn(
    'sh',
    ['-c', WATCHDOG, 'tracegate-watchdog', `${process.pid}`, `${pid}`, grace, options.orphanDir ?? ''],
    {
      detached: true,
      stdio: 'ignore',
    },
  );
  watchdog.unref();
  return () => {
    if (watchdog.pid) signalGroup(watchdog.pid, 'SIGKILL');
  };
}
