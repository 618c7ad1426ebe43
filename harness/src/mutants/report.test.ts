import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type BaselineRun, keepFailedRun, type MutantResult, summarize, timingOf, writeReport } from './report.ts';

const dirs: string[] = [];
const scratch = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'tracegate-report-test-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function mutant(id: string, durationMs: number, extra: Partial<MutantResult> = {}): MutantResult {
  const base = { id, description: id, caught: true, meantFor: 'effects', config: 'tracegate.config.yaml' };
  return { ...base, gates: ['effects'], gateMs: {}, exitCode: 2, durationMs, ...extra };
}

const green: BaselineRun = { config: 'tracegate.config.yaml', exitCode: 0, gates: [], gateMs: {}, durationMs: 100_000 };

describe('timingOf', () => {
  it('sets each red verify time against the green run of the same config and gate selection', () => {
    const contract = mutant('c', 3_000, { gateSelection: ['breaking-changes'] });
    const timing = timingOf(
      [mutant('a', 120_000), mutant('b', 90_000), contract],
      [green, { ...green, gateSelection: ['breaking-changes'], durationMs: 2_000 }],
    );
    expect(timing).toEqual({
      mutants: [
        { id: 'a', redMs: 120_000, greenMs: 100_000, ratio: 1.2 },
        { id: 'b', redMs: 90_000, greenMs: 100_000, ratio: 0.9 },
        { id: 'c', redMs: 3_000, greenMs: 2_000, ratio: 1.5 },
      ],
      maxRatio: 1.5,
    });
  });

  it('leaves out mutants whose baseline failed or was not run', () => {
    const timing = timingOf([mutant('a', 1), mutant('b', 1, { config: 'other.yaml' })], [{ ...green, exitCode: 2 }]);
    expect(timing).toEqual({ mutants: [] });
  });
});

describe('writeReport', () => {
  it('replaces the file whole with what was measured so far', () => {
    const file = join(scratch(), 'reports', 'mutants.json');
    writeReport(file, summarize({ mutants: [mutant('a', 5)], baselines: [] }));
    writeReport(file, summarize({ mutants: [mutant('a', 5), mutant('b', 7, { caught: false })], baselines: [] }));
    const report = JSON.parse(readFileSync(file, 'utf8')) as { total: number; caught: number };
    expect([report.total, report.caught]).toEqual([2, 1]);
  });
});

describe('keepFailedRun', () => {
  it('copies the reports of a failed run to flaky-<n>/ and names where', () => {
    const reports = join(scratch(), 'reports', 'mutant');
    mkdirSync(reports, { recursive: true });
    writeFileSync(join(reports, 'verify.json'), '{"gates":[]}');
    writeFileSync(join(reports, 'verify.log'), 'schemathesis failed');
    const keepDir = join(scratch(), 'kept');
    const kept = keepFailedRun({ reports, keepDir, run: 3 });
    expect(kept).toBe(join(keepDir, 'flaky-3'));
    expect(readFileSync(join(keepDir, 'flaky-3', 'verify.log'), 'utf8')).toBe('schemathesis failed');
  });

  it('keeps nothing when the run left no reports', () => {
    expect(keepFailedRun({ reports: join(scratch(), 'none'), keepDir: scratch(), run: 1 })).toBeUndefined();
  });
});
