import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/tracegate.mjs', import.meta.url));
const cwd = fileURLToPath(new URL('../../fixtures/inventory-service/', import.meta.url));
const reports = mkdtempSync(join(tmpdir(), 'tg-interrupt-'));
afterAll(() => rmSync(reports, { recursive: true, force: true }));

/** Pids of every process whose parent chain leads to `root`. */
function descendants(root: number): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of table) {
      if (found.has(ppid) && !found.has(pid)) {
        found.add(pid);
        grew = true;
      }
    }
  }
  found.delete(root);
  return [...found];
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('tracegate verify interrupted with Ctrl-C', () => {
  it('tears down the broker and the services it started, writes its reports and exits 1', async () => {
    // Its own JVM broker (no KAFKA_BROKERS): the teardown must stop that too.
    const env = { ...process.env, KAFKA_BROKERS: '', TRACEGATE_KAFKA_STRATEGY: 'jvm' };
    const child = spawn(process.execPath, [BIN, 'verify', '--plain', '--reports', reports], { cwd, env });
    let output = '';
    const started: number[] = [];
    const gateRunning = new Promise<void>((resolve) => {
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        // Gates that need nothing run during provisioning: wait for a gate that runs against the started services.
        if (/environment: ready[\s\S]*gate \S+ …/.test(output) && child.pid) {
          started.push(...descendants(child.pid));
          resolve();
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await Promise.race([gateRunning, exited]);
    expect(started.length, output).toBeGreaterThan(2); // node CLI re-exec, the service, the JVM broker, watchdogs
    child.kill('SIGINT');
    const code = await exited;
    expect(code, output).toBe(1);
    expect(output).toContain('SIGINT: stopping after the current step and tearing down');
    const deadline = Date.now() + 15_000;
    while (started.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(started.filter(alive), output).toEqual([]);
    const report = JSON.parse(readFileSync(join(reports, 'verify.json'), 'utf8')) as { ok: boolean };
    expect(report.ok).toBe(false);
  }, 180_000);
});
