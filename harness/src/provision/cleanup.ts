import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { sleepSync } from './sleep.ts';

/** Something to tear down synchronously if the harness process ends without stopping it. */
export interface Tracked {
  label: string;
  /** Process group to end: SIGTERM, then SIGKILL after a short grace. */
  pgid?: number;
  /** Runs once the group is gone: remove temp directories and the like. */
  afterSync?: () => void;
}

const tracked = new Set<Tracked>();
let installed = false;

/** Registers `item` for cleanup on exit, SIGINT, SIGTERM and fatal exceptions; returns the unregister function. */
export function track(item: Tracked): () => void {
  installHooks();
  tracked.add(item);
  return () => {
    tracked.delete(item);
  };
}

/** Labels of everything still registered (for tests and diagnostics). */
export function trackedLabels(): string[] {
  return [...tracked].map((item) => item.label);
}

/** True while `pid` runs (a zombie counts as gone). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** True while a live (non-zombie) process belongs to process group `pgid`. */
export function groupAlive(pgid: number): boolean {
  if (!existsSync('/proc/self/stat')) return signalGroup(pgid, 0);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // fields after "(comm) ": state ppid pgrp …
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z') return true;
    } catch {
      // the process ended while we looked
    }
  }
  return false;
}

/** Sends `signal` to every process of group `pgid`; false when the group is gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Ends every tracked process group (SIGTERM, `graceMs`, SIGKILL) and runs the after-hooks, synchronously. */
export function cleanupAllSync(graceMs = 2_000): void {
  const items = [...tracked];
  tracked.clear();
  const groups = items.flatMap((item) => (item.pgid ? [item.pgid] : []));
  for (const pgid of groups) signalGroup(pgid, 'SIGTERM');
  waitGoneSync(groups, graceMs);
  for (const pgid of groups) signalGroup(pgid, 'SIGKILL');
  waitGoneSync(groups, 1_000);
  for (const item of items) {
    try {
      item.afterSync?.();
    } catch {
      // best effort: the process is ending
    }
  }
}

function waitGoneSync(pids: number[], ms: number): void {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && pids.some(isAlive)) sleepSync(25);
}

/** Signals closer together than this are one interrupt (a terminal's Ctrl-C also reaches a re-exec'd child). */
const SAME_INTERRUPT_MS = 1_000;
let deferrals = 0;
let deferredAt: number | undefined;

/**
 * While deferred, the first SIGINT or SIGTERM leaves the tracked processes to their owner's orderly teardown (its Kafka
 * clients stop before the broker they talk to); a later signal, or the process exit, still ends them at once. The owner
 * must listen for the signal itself. Returns the function that ends the deferral.
 * @example
 * const undefer = deferSignalCleanup();
 * try { await runGates(); } finally { await teardown.close(); undefer(); }
 */
export function deferSignalCleanup(): () => void {
  installHooks();
  deferrals += 1;
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    deferrals -= 1;
    if (deferrals === 0) deferredAt = undefined;
  };
}

/** Whether this signal is left to the owner's teardown: the first interrupt while deferred (and its echoes). */
function leftToOwner(): boolean {
  if (deferrals === 0) return false;
  const now = Date.now();
  deferredAt ??= now;
  return now - deferredAt < SAME_INTERRUPT_MS;
}

function onSignal(signal: NodeJS.Signals): void {
  if (leftToOwner()) return;
  cleanupAllSync();
  // Without other listeners our handler swallowed the default action: re-raise it.
  if (process.listenerCount(signal) === 1) {
    process.removeListener(signal, onSignal);
    process.kill(process.pid, signal);
  }
}

function onFatal(): void {
  if (process.listenerCount('uncaughtException') === 0) cleanupAllSync();
}

function installHooks(): void {
  if (installed) return;
  installed = true;
  process.on('exit', () => cleanupAllSync());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, onSignal);
  process.on('uncaughtExceptionMonitor', onFatal);
}
