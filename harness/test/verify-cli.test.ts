import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-support.ts';

const dir = mkdtempSync(join(tmpdir(), 'tg-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tracegate CLI errors', () => {
  it('exits 1 with one line naming the bad key of an invalid config', async () => {
    writeFileSync(
      join(dir, 'tracegate.config.yaml'),
      'system: x\nservices:\n  - name: a\n    baseUrl: http://127.0.0.1:9\n    helth: /h\n',
    );
    const run = await runCli(['verify'], { cwd: dir, timeoutMs: 30_000 });
    expect(run.code).toBe(1);
    expect(run.output).toContain('services[0].helth: unknown key');
    expect(run.output).not.toMatch(/\n\s+at /);
  });

  it('exits 1 and says how to start when there is no config', async () => {
    const empty = mkdtempSync(join(dir, 'empty-'));
    const run = await runCli(['verify'], { cwd: empty, timeoutMs: 30_000 });
    expect(run.code).toBe(1);
    expect(run.output).toContain('run "tracegate init"');
  });

  it('rejects an unknown gate name, listing the known ones', async () => {
    writeFileSync(
      join(dir, 'tracegate.config.yaml'),
      'system: x\nservices:\n  - name: a\n    baseUrl: http://127.0.0.1:9\n',
    );
    const run = await runCli(['verify', '--gates', 'nope'], { cwd: dir, timeoutMs: 30_000 });
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/unknown gate "nope" \(gates: .*correlation-e2e/);
  });

  it('reports a gate as skipped, not passed, when the config gives it nothing to check', async () => {
    writeFileSync(
      join(dir, 'tracegate.config.yaml'),
      'system: x\nservices:\n  - name: a\n    baseUrl: http://127.0.0.1:9\n',
    );
    const run = await runCli(['verify', '--gates', 'correlation-e2e'], { cwd: dir, timeoutMs: 30_000 });
    expect(run.code).toBe(0);
    const gates = run.report().gates;
    expect(gates.find((g) => g.name === 'correlation-e2e')).toEqual({
      name: 'correlation-e2e',
      status: 'skipped',
      checks: 0,
      failures: 0,
      durationMs: 0,
      details: { reason: 'no scenarios in the config' },
    });
    const others = gates.filter((g) => g.name !== 'correlation-e2e');
    expect(others.every((g) => g.status === 'skipped' && g.details?.reason === 'not selected (--gates)')).toBe(true);
  });
});
