import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { isAlive } from '../src/provision/cleanup.ts';

const source = (file: string) => pathToFileURL(join(import.meta.dirname, '../src/provision', file)).href;
const scripts = mkdtempSync(join(tmpdir(), 'tracegate-cleanup-test-'));

// Each script starts something, prints {pid, dir} as JSON and then waits to be interrupted.
const HOLD_KAFKA = `import { startKafka } from '${source('kafka/start-kafka.ts')}';
const kafka = await startKafka({ strategy: 'jvm', log: () => {} });
console.log(JSON.stringify({ pid: kafka.brokerPid(), dir: kafka.workDir }));
setInterval(() => {}, 1000);`;

const SLEEPER = 'sleep 300 & echo "{\\"port\\":1,\\"sleep\\":$!}"; wait';
const HOLD_PROCESS = `import { startProcess } from ${JSON.stringify(source('process.ts'))};
const child = await startProcess({ name: 'sleeper', command: ${JSON.stringify(SLEEPER)}, portFrom: { logPattern: ${JSON.stringify('"port":(\\d+)')} } });
console.log(JSON.stringify({ pid: child.pid, sleep: JSON.parse(child.lines()[0]).sleep }));
setInterval(() => {}, 1000);`;

// As a verify run once its environment is ready: it listens for the interrupt itself and tears down in order.
const HOLD_DEFERRED = `import { deferSignalCleanup } from ${JSON.stringify(source('cleanup.ts'))};
import { startProcess } from ${JSON.stringify(source('process.ts'))};
const child = await startProcess({ name: 'sleeper', command: ${JSON.stringify(SLEEPER)}, portFrom: { logPattern: ${JSON.stringify('"port":(\\d+)')} } });
process.on('SIGINT', () => console.log('interrupted'));
deferSignalCleanup();
console.log(JSON.stringify({ pid: child.pid, sleep: JSON.parse(child.lines()[0]).sleep }));
setInterval(() => {}, 1000);`;

const running: ChildProcess[] = [];
afterAll(() => rmSync(scripts, { recursive: true, force: true }));
afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGKILL');
});

async function hold(script: string): Promise<{
  holder: ChildProcess;
  lines: ReturnType<typeof createInterface>;
  pid: number;
  dir?: string;
  sleep?: number;
}> {
  const file = join(scripts, `hold-${running.length}-${Date.now()}.mjs`);
  writeFileSync(file, script);
  const holder = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'inherit'] });
  running.push(holder);
  const lines = createInterface({ input: holder.stdout as NodeJS.ReadableStream });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    holder.once('exit', (code) => reject(new Error(`holder exited with ${code}`)));
  });
  return { holder, lines, ...JSON.parse(first) };
}

async function gone(pid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !isAlive(pid);
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

describe('no process outlives an interrupted run', () => {
  it('SIGINT to the harness (Ctrl-C) ends the Kafka JVM and removes its data', async () => {
    const { holder, pid, dir } = await hold(HOLD_KAFKA);
    expect(isAlive(pid)).toBe(true);
    holder.kill('SIGINT');
    expect(await exitOf(holder)).toEqual({ code: null, signal: 'SIGINT' });
    expect(await gone(pid, 5_000)).toBe(true);
    expect(existsSync(dir ?? '')).toBe(false);
  }, 120_000);

  it('SIGKILL to the harness: the watchdog ends the Kafka JVM and removes its data', async () => {
    const { holder, pid, dir } = await hold(HOLD_KAFKA);
    holder.kill('SIGKILL');
    await exitOf(holder);
    expect(await gone(pid, 20_000)).toBe(true);
    await expect.poll(() => existsSync(dir ?? ''), { timeout: 5_000 }).toBe(false);
  }, 120_000);

  it('SIGTERM to the harness ends a started process and its whole group', async () => {
    const { holder, pid, sleep } = await hold(HOLD_PROCESS);
    expect([isAlive(pid), isAlive(sleep ?? 0)]).toEqual([true, true]);
    holder.kill('SIGTERM');
    expect(await exitOf(holder)).toEqual({ code: null, signal: 'SIGTERM' });
    expect(await gone(pid, 5_000)).toBe(true);
    expect(await gone(sleep ?? 0, 1_000)).toBe(true);
  }, 60_000);

  it('a deferred first SIGINT (and its echo) leaves the processes to the owner; a later one ends them at once', async () => {
    const { holder, lines, pid, sleep } = await hold(HOLD_DEFERRED);
    const nextLine = () => new Promise<string>((resolve) => lines.once('line', resolve));
    // A terminal's Ctrl-C reaches the CLI twice (its own and its launcher's): one interrupt.
    const heard = nextLine();
    holder.kill('SIGINT');
    holder.kill('SIGINT');
    expect(await heard).toBe('interrupted');
    // The cleanup runs before the owner's listener and synchronously: had it ended the group, it would be gone now.
    expect([isAlive(pid), isAlive(sleep ?? 0)]).toEqual([true, true]);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    holder.kill('SIGINT');
    expect(await gone(pid, 5_000)).toBe(true);
    expect(await gone(sleep ?? 0, 1_000)).toBe(true);
    expect(holder.exitCode).toBeNull(); // the owner listens: the process stays to write its reports
  }, 60_000);

  it('SIGKILL to the harness: the watchdog ends a started process', async () => {
    const { holder, pid, sleep } = await hold(HOLD_PROCESS);
    holder.kill('SIGKILL');
    await exitOf(holder);
    expect(await gone(pid, 15_000)).toBe(true);
    expect(await gone(sleep ?? 0, 1_000)).toBe(true);
  }, 60_000);
});
