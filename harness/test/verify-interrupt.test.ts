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

/** Starts `tracegate verify` on the inventory fixture with its own JVM broker, collecting every descendant it starts. */
function startVerify(reportsDir: string, extraArgs: readonly string[] = []) {
  // Its own JVM broker (no KAFKA_BROKERS): the teardown must stop that too.
  const env = { ...process.env, KAFKA_BROKERS: '', TRACEGATE_KAFKA_STRATEGY: 'jvm' };
  const args = [BIN, 'verify', '--plain', '--reports', reportsDir, ...extraArgs];
  const child = spawn(process.execPath, args, { cwd, env });
  let output = '';
  const started = new Set<number>();
  const note = (): void => {
    if (child.pid && child.exitCode === null) for (const pid of descendants(child.pid)) started.add(pid);
  };
  // Provisioning may start children after the interrupt: keep noting them until the CLI exits.
  const sampler = setInterval(note, 100);
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      clearInterval(sampler);
      resolve(code);
    }),
  );
  const seen = (pattern: RegExp): Promise<void> =>
    new Promise<void>((resolve) => {
      const onData = (): void => {
        if (pattern.test(output)) {
          note();
          resolve();
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
    });
  const collect = (chunk: Buffer): void => {
    output += chunk.toString();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return { child, exited, seen, started, output: () => output };
}

async function expectTornDown(run: ReturnType<typeof startVerify>): Promise<void> {
  run.child.kill('SIGINT');
  const code = await run.exited;
  expect(code, run.output()).toBe(1);
  expect(run.output()).toContain('SIGINT: stopping after the current step and tearing down');
  const started = [...run.started];
  const deadline = Date.now() + 15_000;
  while (started.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  expect(started.filter(alive), run.output()).toEqual([]);
}

describe('tracegate verify interrupted with Ctrl-C', () => {
  it('tears down the broker and the services it started, writes its reports and exits 1', async () => {
    // Schemathesis, once started, finishes its current run (it takes no abort signal): interrupt correlation-e2e.
    const run = startVerify(reports, ['--skip', 'schemathesis']);
    // Gates that need nothing run during provisioning: wait for a gate that runs against the started services.
    await Promise.race([run.seen(/environment: ready[\s\S]*gate \S+ …/), run.exited]);
    expect(run.started.size, run.output()).toBeGreaterThan(2); // node CLI re-exec, the service, the JVM broker, watchdogs
    await expectTornDown(run);
    const report = JSON.parse(readFileSync(join(reports, 'verify.json'), 'utf8')) as {
      ok: boolean;
      gates: { name: string; details?: { reason?: string } }[];
    };
    expect(report.ok).toBe(false);
    // The broker outlives the gate's Kafka clients: the gate ends on the interrupt, not on a broker killed beneath it.
    const reason = report.gates.find((g) => g.name === 'correlation-e2e')?.details?.reason ?? '';
    expect(reason).not.toMatch(/ECONNREFUSED|Connection error|KafkaJS/);
  }, 180_000);

  it('during provisioning, while gates that need nothing run: tears down what started, keeps their reports', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-interrupt-early-'));
    try {
      const run = startVerify(dir);
      await Promise.race([run.seen(/gate contract-documents …/), run.exited]);
      expect(run.output()).not.toContain('environment: ready');
      await expectTornDown(run);
      const report = JSON.parse(readFileSync(join(dir, 'verify.json'), 'utf8')) as {
        ok: boolean;
        gates: { name: string; status: string; details?: { reason?: string } }[];
        phases: { name: string }[];
      };
      expect(report.ok).toBe(false);
      const byName = new Map(report.gates.map((g) => [g.name, g]));
      expect(byName.get('contract-documents')?.details?.reason).not.toBe('interrupted');
      expect(byName.get('correlation-e2e')?.details?.reason).toBe('interrupted');
      expect(report.phases.map((p) => p.name)).toContain('teardown');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
